using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Policies;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Reports;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Alerts;

/// <summary>
/// The report conditions over simulated weeks (a fake clock, reports generated per day through the ingestor): a
/// failure spike over the rate or the baseline, and a reporting organization that goes quiet. A seeded run of random
/// weeks (<c>MTASTS_ALERT_SIM_SEED</c>, <c>MTASTS_ALERT_SIM_RUNS</c>) checks that each open alert matches its
/// condition on that day and that no notice is sent twice for one opening.
/// </summary>
public sealed class TenantConditionsTests
{
    private const string Domain = "victim.example";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryTlsReportStore reports = new();
    private readonly InMemoryAlertStore alertStore = new();
    private readonly TenantConditions conditions;
    private readonly Tenant tenant;

    public TenantConditionsTests()
    {
        var alertOptions = Options.Create(new AlertOptions { Webhooks = ["https://hooks.example/a"], WebhookSecret = "a-secret-of-16-chars" });
        var alerts = new AlertService(alertStore, alertOptions, time, NullLogger<AlertService>.Instance);
        conditions = new TenantConditions(alerts, alertStore, reports, alertOptions, Options.Create(new ReadinessOptions()), Options.Create(new ReportOptions()), time);
        tenant = Tenant.Create(Domain, new StsPolicy(PolicyMode.Testing, ["mx.victim.example"], 604800), time.GetUtcNow());
        tenants.AddAsync(tenant, default).Wait();
    }

    private async Task DayAsync(IReadOnlyDictionary<string, (long Ok, long Failed)> byOrganization)
    {
        time.Advance(TimeSpan.FromDays(1));
        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off });
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, reports, time, options, NullLogger<ReportIngestor>.Instance);
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (org, (ok, failed)) in byOrganization)
        {
            var failures = failed > 0 ? new[] { ("certificate-expired", "mx.victim.example", failed) } : [];
            await ingestor.IngestAsync(ReportJson.For(org: org, id: org + day, successful: ok, day: day, domain: Domain, failures: failures), "r.json", "https", default);
        }

        await conditions.ReportsAsync(tenant, default);
    }

    private async Task<bool> IsOpenAsync(string condition) => (await alertStore.GetAsync(Domain, condition, default))?.IsOpen == true;

    [Fact]
    public async Task A_failure_spike_over_the_rate_opens_failure_rate_and_it_resolves_when_failures_go_back()
    {
        for (var i = 0; i < 14; i++)
        {
            await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (100, 1), ["Microsoft"] = (100, 0) });
        }

        Assert.False(await IsOpenAsync(AlertConditions.FailureRate));
        await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (100, 30), ["Microsoft"] = (100, 0) });
        Assert.True(await IsOpenAsync(AlertConditions.FailureRate));
        Assert.Contains("30 of 230 sessions failed", (await alertStore.GetAsync(Domain, AlertConditions.FailureRate, default))!.Text, StringComparison.Ordinal);

        // The next day's reports are back to normal: yesterday no longer trips it.
        await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (100, 1), ["Microsoft"] = (100, 0) });
        Assert.False(await IsOpenAsync(AlertConditions.FailureRate));
        Assert.Equal(2, alertStore.Notices.Count(n => n.Condition == AlertConditions.FailureRate));
    }

    [Fact]
    public async Task Failures_over_three_times_the_baseline_open_failure_rate_below_the_rate()
    {
        for (var i = 0; i < 14; i++)
        {
            await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (1000, 5) });
        }

        await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (1000, 15) });
        Assert.False(await IsOpenAsync(AlertConditions.FailureRate)); // three times the usual 5: not above it

        await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (1000, 18) });
        Assert.True(await IsOpenAsync(AlertConditions.FailureRate)); // 1.8 % of sessions, but over three times the usual (5.8 now)
    }

    [Fact]
    public async Task An_organization_that_reported_daily_and_then_went_quiet_for_three_days_opens_silent_reporter()
    {
        for (var i = 0; i < 8; i++)
        {
            await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (100, 0), ["Microsoft"] = (100, 0) });
        }

        for (var i = 0; i < 2; i++)
        {
            await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (100, 0) });
            Assert.False(await IsOpenAsync(AlertConditions.SilentReporter));
        }

        await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (100, 0) });
        Assert.True(await IsOpenAsync(AlertConditions.SilentReporter));
        var text = (await alertStore.GetAsync(Domain, AlertConditions.SilentReporter, default))!.Text;
        Assert.True(text.StartsWith("victim.example: Microsoft (unverified) reported every day", StringComparison.Ordinal), text);

        await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (100, 0), ["Microsoft"] = (100, 0) });
        Assert.False(await IsOpenAsync(AlertConditions.SilentReporter));
    }

    /// <summary>Random weeks: after each day, failure-rate is open exactly when the rule says so, and each opening was told once.</summary>
    [Fact]
    public async Task Random_weeks_keep_failure_rate_in_step_with_its_rule()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MTASTS_ALERT_SIM_SEED"), out var s) ? s : 20261201;
        var days = int.TryParse(Environment.GetEnvironmentVariable("MTASTS_ALERT_SIM_RUNS"), out var r) ? r : 60;
        var random = new Random(seed);
        var history = new List<(DateOnly Day, long Ok, long Failed)>();
        var trace = new List<string>();
        var openings = 0;
        var wasOpen = false;
        for (var i = 0; i < days; i++)
        {
            var ok = random.Next(0, 400);
            var failed = random.Next(10) switch { 0 => random.Next(0, 200), < 4 => random.Next(0, 5), _ => 0 };
            await DayAsync(new Dictionary<string, (long, long)> { ["Google"] = (ok, failed) });
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            history.Add((today.AddDays(-1), ok, failed));
            trace.Add($"{today.AddDays(-1):MM-dd} ok {ok} failed {failed}");
            var expected = Expected(history, today);
            var open = await IsOpenAsync(AlertConditions.FailureRate);
            Assert.True(expected == open, $"MTASTS_ALERT_SIM_SEED={seed}: day {i} expected {(expected ? "open" : "closed")}; last days: {string.Join("; ", trace.TakeLast(16))}");
            openings += open && !wasOpen ? 1 : 0;
            wasOpen = open;
        }

        var notices = alertStore.Notices.Where(n => n.Condition == AlertConditions.FailureRate && n.State == AlertState.Open).ToList();
        Assert.True(notices.Count >= openings, $"MTASTS_ALERT_SIM_SEED={seed}: {openings} openings, {notices.Count} notices");
        Assert.Equal(notices.Count, notices.Select(n => n.NoticeId).Distinct().Count());
    }

    /// <summary>
    /// The rule of failure-rate, restated independently: yesterday over 5 % (20+ sessions), or 10+ failed and over 3×
    /// the average of the days with sessions among the 13 before it (7 such days at least).
    /// </summary>
    private static bool Expected(List<(DateOnly Day, long Ok, long Failed)> history, DateOnly today)
    {
        var yesterday = history.SingleOrDefault(h => h.Day == today.AddDays(-1));
        var before = Enumerable.Range(2, 13).Select(i => history.SingleOrDefault(h => h.Day == today.AddDays(-i))).Where(h => h.Ok + h.Failed > 0).ToList();
        var sessions = yesterday.Ok + yesterday.Failed;
        var overRate = sessions >= 20 && yesterday.Failed / (double)Math.Max(1, sessions) > 0.05;
        var overBaseline = before.Count >= 7 && yesterday.Failed >= 10 && yesterday.Failed > 3 * before.Average(h => (double)h.Failed);
        return overRate || overBaseline;
    }
}
