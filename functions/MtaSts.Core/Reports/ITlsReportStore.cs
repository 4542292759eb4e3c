namespace MtaSts.Core.Reports;

/// <summary>
/// Reports, their failure details and per-day summaries. <see cref="AddAsync"/> is idempotent on the report key, and
/// <see cref="RecomputeDayAsync"/> rebuilds a day's summary from the stored reports, so replays and retries never
/// count a report twice.
/// </summary>
public interface ITlsReportStore
{
    /// <summary>Stores the report and its failures; false when a report with the same key was already stored.</summary>
    Task<bool> AddAsync(StoredReport report, IReadOnlyList<StoredFailure> failures, CancellationToken cancellationToken);

    Task<DailySummary> RecomputeDayAsync(string domain, DateOnly day, CancellationToken cancellationToken);

    Task<IReadOnlyList<DailySummary>> GetDaysAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
