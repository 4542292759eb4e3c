namespace MtaSts.Core.Reports;

/// <summary>
/// Stored reports, their failure details and per-day summaries. <see cref="AddAsync"/> stores a report, the status
/// changes of the reports it conflicts with and the day's summary in one atomic step (<see cref="IngestPlanner"/>
/// decides them), so a replay, a retry after a crash or a concurrent ingest never counts a report twice or loses one.
/// </summary>
public interface ITlsReportStore
{
    /// <summary>Stores <paramref name="report"/> and then its failure details, unless its day has no room left for it (<paramref name="quota"/>).</summary>
    Task<StoreOutcome> AddAsync(StoredReport report, IReadOnlyList<StoredFailure> failures, ReportQuota quota, CancellationToken cancellationToken);

    /// <summary>The day summaries of a tenant from <paramref name="from"/> to <paramref name="to"/>, days without reports left out.</summary>
    Task<IReadOnlyList<DaySummary>> GetDaysAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}
