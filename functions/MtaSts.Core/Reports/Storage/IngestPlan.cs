namespace MtaSts.Core.Reports;

/// <summary>
/// The writes that store one report, decided by <see cref="IngestPlanner"/> from what is stored: the row to insert
/// (none for a replay), the rows of the same key whose status or provenance change, and the day's new summary. The
/// store writes them in one transaction, conditional on what it read.
/// </summary>
public sealed record IngestPlan(StoreOutcome Outcome, StoredReport? Insert, IReadOnlyList<StoredReport> Updates, DaySummary? Day, StoredReport? Existing = null)
{
    public static IngestPlan OverQuota { get; } = new(StoreOutcome.OverQuota, null, [], null);
}
