namespace MtaSts.Core.Reports;

/// <summary>
/// The admin API's report summary for a tenant and a date range: how many reports, total sessions that succeeded and
/// failed, a row per day, and failed sessions by result type, by receiving MX and by reporting organization.
/// </summary>
public sealed record ReportSummaryView(
    string Domain,
    DateOnly From,
    DateOnly To,
    int ReportCount,
    SessionTotals Totals,
    IReadOnlyList<DayView> Days,
    IReadOnlyDictionary<string, long> FailuresByResultType,
    IReadOnlyDictionary<string, long> FailuresByReceivingMx,
    IReadOnlyDictionary<string, long> FailuresByOrganization);
