namespace MtaSts.Core.Reports;

/// <summary>
/// One failure-details entry of a stored report (RFC 8460 §4.3), bounded text, kept for inspection; the day's
/// breakdowns come from the report's <see cref="ReportContribution"/>, not from these rows.
/// </summary>
public sealed record StoredFailure(
    int Index,
    string ResultType,
    string? ReceivingMxHostname,
    string? SendingMtaIp,
    string? ReceivingIp,
    string? FailureReasonCode,
    long FailedSessionCount);
