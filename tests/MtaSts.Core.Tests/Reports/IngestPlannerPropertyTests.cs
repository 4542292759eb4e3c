using System.Globalization;
using MtaSts.Core.Reports;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Reports;

/// <summary>
/// The planner's invariants over seeded random sequences of reports (few keys and contents, every provenance, several
/// signers, replays and upgrades, small caps), through the in-memory store that applies plans as the Table store does:
/// after every report, each class of the day summary equals the sum of its rows, every row's status is what
/// <see cref="IngestPlanner.Resolve"/> says for its key, no anonymous row counts beside a disagreeing one, and the rows
/// stay within the caps. <c>MTASTS_REPORT_SIM_SEED</c> and <c>MTASTS_REPORT_SIM_RUNS</c> (default 400) choose the
/// sequences; a failure prints the seed and the sequence.
/// </summary>
public sealed class IngestPlannerPropertyTests
{
    private static readonly string[] Signers = ["google.com", "mail.google.com", "evil.example", "a.evil.example", "microsoft.com"];

    [Fact]
    public async Task The_day_summary_always_equals_the_sum_of_its_rows()
    {
        var seed = int.Parse(Environment.GetEnvironmentVariable("MTASTS_REPORT_SIM_SEED") ?? "20261201", CultureInfo.InvariantCulture);
        var runs = int.Parse(Environment.GetEnvironmentVariable("MTASTS_REPORT_SIM_RUNS") ?? "400", CultureInfo.InvariantCulture);
        for (var run = 0; run < runs; run++)
        {
            var random = new Random(HashCode.Combine(seed, run));
            var store = new InMemoryTlsReportStore();
            var quota = new ReportQuota(random.Next(2, 12), random.Next(1, 6));
            quota = quota with { PerSigner = Math.Min(quota.PerSigner, quota.PerDay) };
            var trace = new List<string>();
            for (var step = 0; step < 40; step++)
            {
                var provenance = Provenance.All[random.Next(Provenance.All.Count)];
                var report = StoredReports.Report(
                    provenance,
                    content: "c" + random.Next(3),
                    org: random.Next(4) == 0 ? "Microsoft" : "Google Inc.",
                    id: "id-" + random.Next(3),
                    successful: random.Next(0, 1000),
                    failed: random.Next(0, 10),
                    signer: provenance is Provenance.EmailAligned or Provenance.EmailPass ? Signers[random.Next(Signers.Length)] : null);
                var outcome = await store.AddAsync(report, [], quota, default);
                trace.Add($"{report.Provenance} {report.SigningDomain} {report.OrganizationName}/{report.ReportId} content {report.ContentHash[..2]} -> {outcome}");
                var problem = Check(store, quota);
                Assert.True(problem is null, $"seed {seed}, run {run} ({quota}): {problem}\n  {string.Join("\n  ", trace)}");
            }
        }
    }

    private static string? Check(InMemoryTlsReportStore store, ReportQuota quota)
    {
        var rows = store.Reports;
        var day = store.GetDaysAsync("victim.example", StoredReports.Day, StoredReports.Day, default).Result.SingleOrDefault();
        if (day is null)
        {
            return rows.Count == 0 ? null : "rows without a day";
        }

        foreach (var name in day.Classes.Keys.Union(rows.Select(r => r.SummaryClass)))
        {
            var members = rows.Where(r => r.SummaryClass == name).ToList();
            var summary = day.Classes.GetValueOrDefault(name) ?? new ProvenanceSummary();
            var expected = (members.Count, members.Sum(r => r.Contribution.Successful), members.Sum(r => r.Contribution.Failed));
            if ((summary.Reports, summary.Successful, summary.Failed) != expected)
            {
                return $"class {name} says {(summary.Reports, summary.Successful, summary.Failed)}, its rows {expected}";
            }

            var byReporter = members.GroupBy(r => r.Reporter).ToDictionary(g => g.Key, g => g.Count());
            if (!byReporter.OrderBy(k => k.Key).SequenceEqual(summary.Organizations.ToDictionary(o => o.Key, o => o.Value.Reports).OrderBy(k => k.Key)))
            {
                return $"class {name} organizations {string.Join(", ", summary.Organizations.Select(o => $"{o.Key}={o.Value.Reports}"))}, rows {string.Join(", ", byReporter.Select(o => $"{o.Key}={o.Value}"))}";
            }
        }

        foreach (var group in rows.GroupBy(r => r.Key))
        {
            var members = group.ToList();
            var statuses = IngestPlanner.Resolve(members);
            if (!statuses.SequenceEqual(members.Select(m => m.Status)))
            {
                return $"key {group.Key}: statuses {string.Join(",", members.Select(m => m.Status))}, resolved {string.Join(",", statuses)}";
            }

            if (members.Count > 1 && members.Any(m => m.Identity is null && m.Status == StoredReport.Counted))
            {
                return $"key {group.Key}: an anonymous report counts beside a disagreeing one";
            }
        }

        if (day.Received != rows.Count || day.ReceivedAnonymous > quota.PerDay || day.ReceivedAligned > quota.PerDay || day.Signers.Values.Any(v => v > quota.PerSigner))
        {
            return $"rows {rows.Count}, received {day.Received} (anonymous {day.ReceivedAnonymous}, aligned {day.ReceivedAligned}, signers {string.Join(",", day.Signers.Values)})";
        }

        return rows.Count(r => r.Identity is null) > day.ReceivedAnonymous || rows.Count(r => r.Identity is not null) > day.ReceivedAligned
            ? $"more rows than slots taken: {rows.Count(r => r.Identity is null)} anonymous rows for {day.ReceivedAnonymous}, {rows.Count(r => r.Identity is not null)} aligned for {day.ReceivedAligned}"
            : null;
    }
}
