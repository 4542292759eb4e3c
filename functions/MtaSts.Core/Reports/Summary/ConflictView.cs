namespace MtaSts.Core.Reports;

/// <summary>A report kept apart as a conflict, as the summary names it.</summary>
public sealed record ConflictView(DateOnly Date, string OrganizationName, string ReportId, string Provenance);
