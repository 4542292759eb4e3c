using System.Text.Json;

namespace MtaSts.Core.Reports;

/// <summary>One <c>failure-details</c> entry (RFC 8460 §4.3, result types §4.4).</summary>
public sealed record TlsFailureDetail(
    string ResultType,
    string? SendingMtaIp,
    string? ReceivingMxHostname,
    string? ReceivingMxHelo,
    string? ReceivingIp,
    long FailedSessionCount,
    string? AdditionalInformation,
    string? FailureReasonCode,
    IReadOnlyDictionary<string, JsonElement> Extensions);
