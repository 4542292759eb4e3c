using System.Text.Json;

namespace MtaSts.Core.Reports;

/// <summary>One entry of a report's <c>policies</c> (RFC 8460 §4.3, §4.4): the policy evaluated, its session counts and failures.</summary>
public sealed record TlsReportPolicy(
    string PolicyType,
    IReadOnlyList<string> PolicyStrings,
    string PolicyDomain,
    IReadOnlyList<string> MxHosts,
    long SuccessfulSessions,
    long FailedSessions,
    IReadOnlyList<TlsFailureDetail> FailureDetails,
    IReadOnlyDictionary<string, JsonElement> Extensions);
