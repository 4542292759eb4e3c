namespace MtaSts.Core.Reports;

/// <summary>One day of a <see cref="ReportSummaryView"/>.</summary>
public sealed record DayView(DateOnly Date, int Reports, long Successful, long Failed);
