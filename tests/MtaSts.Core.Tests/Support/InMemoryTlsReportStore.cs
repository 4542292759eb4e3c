using Azure;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Support;

/// <summary>
/// An <see cref="ITlsReportStore"/> in memory with the Table store's rules: the same <see cref="IngestPlanner"/>, every
/// write conditional on the version read, all of one plan applied at once. <see cref="BeforeWrite"/> can race a plan.
/// </summary>
public sealed class InMemoryTlsReportStore : ITlsReportStore
{
    private readonly Dictionary<(string Domain, string RowKey), StoredReport> rows = [];
    private readonly Dictionary<(string Domain, DateOnly Day), (DaySummary Day, int Version)> days = [];
    private readonly Dictionary<(string Domain, string RowKey), IReadOnlyList<StoredFailure>> failures = [];
    private int version;

    /// <summary>Runs between a plan's reads and its writes (to store another report there, say).</summary>
    public Func<Task>? BeforeWrite { get; set; }

    /// <summary>Every stored report, counted or kept apart.</summary>
    public IReadOnlyList<StoredReport> Reports
    {
        get
        {
            lock (rows)
            {
                return [.. rows.Values];
            }
        }
    }

    public IReadOnlyList<StoredFailure> FailuresOf(StoredReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (rows)
        {
            return failures.GetValueOrDefault((report.Domain, report.RowKey), []);
        }
    }

    public async Task<StoreOutcome> AddAsync(StoredReport report, IReadOnlyList<StoredFailure> failureRows, ReportQuota quota, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            List<StoredReport> group;
            (DaySummary Day, int Version)? day;
            lock (rows)
            {
                var prefix = StoredReport.RowKeyFor(report.Day, report.Key);
                group = rows.Values.Where(r => r.Domain == report.Domain && r.RowKey.StartsWith(prefix, StringComparison.Ordinal)).ToList();
                day = days.TryGetValue((report.Domain, report.Day), out var found) ? (found.Day.Copy(), found.Version) : null;
            }

            var plan = IngestPlanner.Plan(group, day?.Day, report, quota);
            if (plan.Outcome == StoreOutcome.OverQuota)
            {
                return plan.Outcome;
            }

            if (BeforeWrite is { } hook)
            {
                BeforeWrite = null;
                await hook();
            }

            lock (rows)
            {
                if (!Apply(plan, day?.Version))
                {
                    continue;
                }

                var stored = plan.Insert ?? plan.Existing!;
                failures[(stored.Domain, stored.RowKey)] = failureRows;
                return plan.Outcome;
            }
        }

        throw new RequestFailedException(412, "too many conflicting writes");
    }

    public Task<IReadOnlyList<DaySummary>> GetDaysAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            return Task.FromResult<IReadOnlyList<DaySummary>>(days.Where(d => d.Key.Domain == domain && d.Key.Day >= from && d.Key.Day <= to).OrderBy(d => d.Key.Day).Select(d => d.Value.Day.Copy()).ToArray());
        }
    }

    private bool Apply(IngestPlan plan, int? dayVersion)
    {
        var key = (plan.Day?.Domain ?? string.Empty, plan.Day?.Day ?? default);
        var current = days.TryGetValue(key, out var found) ? found.Version : (int?)null;
        if (plan.Day is not null && current != dayVersion)
        {
            return false;
        }

        if (plan.Insert is { } insert && rows.ContainsKey((insert.Domain, insert.RowKey)))
        {
            return false;
        }

        if (plan.Updates.Any(u => !rows.TryGetValue((u.Domain, u.RowKey), out var row) || row.ETag != u.ETag))
        {
            return false;
        }

        foreach (var row in plan.Updates.Append(plan.Insert).OfType<StoredReport>())
        {
            rows[(row.Domain, row.RowKey)] = row with { ETag = new ETag((++version).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        }

        if (plan.Day is not null)
        {
            days[key] = (plan.Day, ++version);
        }

        return true;
    }
}
