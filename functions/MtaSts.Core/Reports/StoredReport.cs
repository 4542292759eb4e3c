namespace MtaSts.Core.Reports;

/// <summary>
/// One report as stored for one policy domain (a tenant): counts summed over the report's policies for that domain,
/// where it came from, and its DKIM verdict. <see cref="Key"/> identifies (organization-name, report-id).
/// </summary>
public sealed record StoredReport(
    string Domain,
    DateOnly Day,
    string Key,
    string OrganizationName,
    string ReportId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? ContactInfo,
    long Successful,
    long Failed,
    string Channel,
    string BlobName,
    DateTimeOffset ReceivedAt,
    string? Dkim);
