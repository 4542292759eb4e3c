namespace MtaSts.Core.Reports;

/// <summary>A report kept apart as a conflict: which organization and report-id, how it came, and why.</summary>
public sealed record ConflictItem(string OrganizationName, string ReportId, string Provenance);
