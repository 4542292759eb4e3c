using System.Collections.Concurrent;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Support;

/// <summary>An <see cref="ITlsReportStore"/> in memory, idempotent on (domain, report key) as the Table store is.</summary>
public sealed class InMemoryTlsReportStore : ITlsReportStore
{
    private readonly ConcurrentDictionary<(string Domain, string Key), (StoredReport Report, IReadOnlyList<StoredFailure> Failures)> rows = new();

    /// <summary>Every stored report, in no particular order.</summary>
    public IReadOnlyList<StoredReport> Reports => rows.Values.Select(r => r.Report).ToArray();

    public Task<bool> AddAsync(StoredReport report, IReadOnlyList<StoredFailure> failures, CancellationToken cancellationToken) =>
        Task.FromResult(rows.TryAdd((report.Domain, report.Key), (report, failures)));

    public Task<DailySummary> RecomputeDayAsync(string domain, DateOnly day, CancellationToken cancellationToken)
    {
        var reports = rows.Values.Where(r => r.Report.Domain == domain && r.Report.Day == day).ToArray();
        var failures = reports.SelectMany(r => r.Failures).ToArray();
        return Task.FromResult(new DailySummary(
            domain,
            day,
            reports.Length,
            reports.Sum(r => r.Report.Successful),
            reports.Sum(r => r.Report.Failed),
            Sum(failures, f => f.ResultType),
            Sum(failures, f => f.ReceivingMxHostname ?? string.Empty),
            Sum(failures, f => f.OrganizationName)));
    }

    public async Task<IReadOnlyList<DailySummary>> GetDaysAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = rows.Keys.Where(k => k.Domain == domain).Select(k => rows[k].Report.Day).Where(d => d >= from && d <= to).Distinct().Order();
        var summaries = new List<DailySummary>();
        foreach (var day in days)
        {
            summaries.Add(await RecomputeDayAsync(domain, day, cancellationToken));
        }

        return summaries;
    }

    private static Dictionary<string, long> Sum(IEnumerable<StoredFailure> failures, Func<StoredFailure, string> key) =>
        failures.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(f => f.FailedSessionCount), StringComparer.Ordinal);
}
