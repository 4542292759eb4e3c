namespace MtaSts.Core.Reports;

/// <summary>One day of a <see cref="ReportSummaryView"/>: the evidence counts, and every class's counts.</summary>
public sealed record DayView(DateOnly Date, int Reports, long Successful, long Failed, IReadOnlyDictionary<string, ProvenanceTotals> ByProvenance);
