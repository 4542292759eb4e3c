namespace MtaSts.Core.Reports;

/// <summary>
/// The admin API's report summary for a tenant and a date range. <see cref="ReportCount"/>, <see cref="Totals"/>, the
/// per-day numbers and the failure breakdowns count only the reports whose provenance is in <see cref="Evidence"/>
/// (<c>Reports:Evidence</c>); <see cref="ByProvenance"/> shows every class, including the reports kept apart as
/// conflicts, which are named in <see cref="Conflicts"/>.
/// </summary>
public sealed record ReportSummaryView(
    string Domain,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<string> Evidence,
    int ReportCount,
    SessionTotals Totals,
    IReadOnlyList<DayView> Days,
    IReadOnlyDictionary<string, long> FailuresByResultType,
    IReadOnlyDictionary<string, long> FailuresByReceivingMx,
    IReadOnlyDictionary<string, long> FailuresByOrganization,
    IReadOnlyDictionary<string, ProvenanceTotals> SessionsByOrganization,
    IReadOnlyDictionary<string, ProvenanceTotals> ByProvenance,
    IReadOnlyList<ConflictView> Conflicts);
