using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Dashboard;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;
using MtaSts.Core.Tests.Reports;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Dashboard;

/// <summary>The tenant list's rows (search, rotation health, open alerts, readiness, last report) and the overview's counts.</summary>
public sealed class DashboardQueriesTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore store = new();
    private readonly InMemoryAlertStore alerts = new();
    private readonly InMemoryWatchStore watch = new();
    private readonly InMemoryTlsReportStore reports = new();

    private async Task SeedAsync()
    {
        var admin = TestServices.Admin(store, time);
        foreach (var domain in new[] { "alpha.example", "beta.example", "bravo.example", "charlie.example" })
        {
            await admin.PutAsync(domain, """{"mode":"testing","mx":["mx.example.com"],"maxAge":86400}"""u8.ToArray(), default);
        }

        var bravo = (await store.GetAsync("bravo.example", default))!;
        await store.UpdateAsync(bravo with { FailedAttempts = 3, LastError = "DNS refused the update" }, default);
        var charlie = (await store.GetAsync("charlie.example", default))!;
        await store.UpdateAsync(charlie with { PublishedVersion = charlie.PolicyVersion, PublishedId = "20261201000000" }, default);

        await alerts.CommitAsync(new Alert("beta.example", AlertConditions.FailureRate, AlertState.Open, "x", time.GetUtcNow(), time.GetUtcNow(), time.GetUtcNow(), null), [], default);
        await alerts.CommitAsync(new Alert("beta.example", AlertConditions.UncoveredMx, AlertState.Open, "y", time.GetUtcNow(), time.GetUtcNow().AddMinutes(1), time.GetUtcNow(), null), [], default);
        await alerts.CommitAsync(new Alert("beta.example", AlertConditions.Certificate, AlertState.Resolved, "z", time.GetUtcNow(), time.GetUtcNow(), time.GetUtcNow(), time.GetUtcNow()), [], default);
        await watch.SaveReadinessAsync(new ReadinessState("alpha.example", DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ReadinessVerdict.Ready, 2, time.GetUtcNow()), default);

        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off });
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), store, reports, time, options, NullLogger<ReportIngestor>.Instance);
        await ingestor.IngestAsync(ReportJson.For(org: "Google", id: "g1", day: "2026-11-20", domain: "alpha.example"), "r.json", "https", default);
        await ingestor.IngestAsync(ReportJson.For(org: "Google", id: "g2", day: "2026-11-28", domain: "alpha.example"), "r.json", "https", default);
        await ingestor.IngestAsync(ReportJson.For(org: "Google", id: "g3", day: "2026-10-01", domain: "beta.example"), "r.json", "https", default);
    }

    private DashboardTenants Rows() => new(TestServices.Admin(store, time), alerts, watch, reports, time);

    [Fact]
    public async Task Rows_carry_rotation_health_open_alerts_readiness_and_the_last_report()
    {
        await SeedAsync();

        var (page, errors) = await Rows().ListAsync(null, null, null, default);

        Assert.Empty(errors);
        var rows = page!.Tenants.ToDictionary(r => r.Domain);
        Assert.Equal(["alpha.example", "beta.example", "bravo.example", "charlie.example"], page.Tenants.Select(r => r.Domain));
        Assert.Equal(("pending", 0, "ready", new DateOnly(2026, 11, 28)), (rows["alpha.example"].Rotation, rows["alpha.example"].OpenAlerts, rows["alpha.example"].Readiness, rows["alpha.example"].LastReport));
        Assert.Equal((2, (DateOnly?)null), (rows["beta.example"].OpenAlerts, rows["beta.example"].LastReport)); // resolved alerts and reports older than 30 days are not counted
        Assert.Equal(("failing", 3, "DNS refused the update"), (rows["bravo.example"].Rotation, rows["bravo.example"].FailedAttempts, rows["bravo.example"].LastError));
        Assert.Equal(("ok", "published"), (rows["charlie.example"].Rotation, rows["charlie.example"].State));
    }

    [Theory]
    [InlineData("b", new[] { "beta.example", "bravo.example" })]
    [InlineData("BR", new[] { "bravo.example" })]
    [InlineData(" bravo.example ", new[] { "bravo.example" })]
    [InlineData("z", new string[0])]
    [InlineData("", new[] { "alpha.example", "beta.example", "bravo.example", "charlie.example" })]
    public async Task Search_finds_domains_by_their_start(string search, string[] expected)
    {
        await SeedAsync();

        Assert.Equal(expected, (await Rows().ListAsync(search, null, null, default)).Page!.Tenants.Select(r => r.Domain));
    }

    [Theory]
    [InlineData("a*")]
    [InlineData("a b")]
    [InlineData("a'; drop")]
    [InlineData("ex\u00e4mple")]
    public async Task A_search_that_is_no_start_of_a_domain_is_refused(string search)
    {
        var (page, errors) = await Rows().ListAsync(search, null, null, default);

        Assert.Null(page);
        Assert.StartsWith("search must be the start of a domain name", Assert.Single(errors), StringComparison.Ordinal);
        Assert.NotEmpty((await Rows().ListAsync(new string('a', 254), null, null, default)).Errors);
        Assert.NotEmpty((await Rows().ListAsync(null, "0", null, default)).Errors);
    }

    [Fact]
    public async Task The_overview_counts_every_tenant_and_open_alert()
    {
        await SeedAsync();

        var view = await new OverviewService(TestServices.Admin(store, time), alerts).GetAsync(default);

        Assert.Equal(4, view.Tenants);
        Assert.Equal(4, view.ByMode["testing"]);
        Assert.Equal((3, 1), (view.ByState["pending-rotation"], view.ByState["published"]));
        Assert.Equal((2, 1), (view.RotationPending, view.RotationFailing));
        Assert.Equal(["bravo.example"], view.FailingTenants);
        Assert.Equal(2, view.OpenAlerts);
        Assert.Equal(new Dictionary<string, int> { [AlertConditions.FailureRate] = 1, [AlertConditions.UncoveredMx] = 1 }, view.OpenAlertsByCondition);
        Assert.Equal([AlertConditions.UncoveredMx, AlertConditions.FailureRate], view.RecentAlerts.Select(a => a.Condition)); // most recently updated first
        Assert.False(view.Truncated);
    }
}
