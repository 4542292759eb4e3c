namespace MtaSts.Core.Reports;

/// <summary>One failure-details entry of a stored report, with the report's organization for the summaries.</summary>
public sealed record StoredFailure(
    string Domain,
    DateOnly Day,
    string ReportKey,
    int Index,
    string OrganizationName,
    string ResultType,
    string? ReceivingMxHostname,
    string? SendingMtaIp,
    string? ReceivingIp,
    string? FailureReasonCode,
    long FailedSessionCount);
