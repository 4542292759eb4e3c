using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Policies;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Conformance;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Alerts;

/// <summary>
/// Real senders' reports (tlsrpt-digest's Google and Microsoft e-mails, and Google's report of an expired certificate)
/// replayed day by day with a fake clock, each re-dated to its day: the alert conditions as a tenant in enforce would see
/// them. Google's failure report (2 of 4,525 sessions) is under both failure-rate thresholds, but in enforce any
/// certificate-expired failure opens enforce-failures.
/// </summary>
public sealed class CorpusWeeksTests
{
    private const string Domain = "example.com";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryTlsReportStore reports = new();
    private readonly InMemoryAlertStore alertStore = new();
    private readonly TenantConditions conditions;
    private readonly Tenant tenant;

    public CorpusWeeksTests()
    {
        var alertOptions = Options.Create(new AlertOptions());
        var alerts = new AlertService(alertStore, alertOptions, time, NullLogger<AlertService>.Instance);
        conditions = new TenantConditions(alerts, alertStore, reports, alertOptions, Options.Create(new ReadinessOptions()), Options.Create(new ReportOptions()), time);
        tenant = Tenant.Create(Domain, new StsPolicy(PolicyMode.Enforce, ["mail.example.com"], 604800), time.GetUtcNow());
        tenants.AddAsync(tenant, default).Wait();
    }

    private static async Task<TlsReport> CorpusAsync(string file)
    {
        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off, MaxReportAgeDays = 36500 });
        var bytes = await File.ReadAllBytesAsync(Path.Combine(ConformanceCorpus.Directory, "tlsrpt", "tlsrpt-digest", file));
        return (await new ReportInputParser(options, new DkimChecker(options)).ParseAsync(bytes, file, default)).Reports.Single();
    }

    /// <summary>Yesterday's replay of <paramref name="replayed"/>, each re-dated to yesterday with a report-id of its own.</summary>
    private async Task DayAsync(params TlsReport[] replayed)
    {
        time.Advance(TimeSpan.FromDays(1));
        var yesterday = time.GetUtcNow().UtcDateTime.Date.AddDays(-1);
        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off });
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, reports, time, options, NullLogger<ReportIngestor>.Instance);
        foreach (var report in replayed)
        {
            var dated = report with { Start = new DateTimeOffset(yesterday, TimeSpan.Zero), End = new DateTimeOffset(yesterday.AddDays(1).AddSeconds(-1), TimeSpan.Zero), ReportId = $"{report.ReportId}-{yesterday:yyyyMMdd}" };
            await ingestor.IngestAsync(Encoding.UTF8.GetBytes(TlsReportJsonWriter.ToJson(dated).ToJsonString()), "replay.json", "https", default);
        }

        await conditions.ReportsAsync(tenant, default);
    }

    /// <summary>Second review of #13: a blocking failure at a live MX the policy does not list is where enforce bounces mail.</summary>
    [Fact]
    public async Task Failures_at_a_live_mx_the_policy_does_not_list_open_enforce_failures()
    {
        var failure = await CorpusAsync("tlsrpt_failure.eml");
        var atNewMx = failure with { Policies = [.. failure.Policies.Select(p => p with { FailureDetails = [.. p.FailureDetails.Select(d => d with { ReceivingMxHostname = "mx9.example.com" })] })] };
        await DayAsync(atNewMx);
        Assert.Null(await AlertAsync(AlertConditions.EnforceFailures)); // not known to be its MX

        var watch = new InMemoryWatchStore();
        await watch.SaveMxAsync(new MtaSts.Core.Mx.MxState(Domain, MtaSts.Core.Mx.MxLookupStatus.Found, ["mail.example.com", "mx9.example.com"], time.GetUtcNow(), time.GetUtcNow(), null, []), default);
        var alertOptions = Options.Create(new AlertOptions());
        var withWatch = new TenantConditions(new AlertService(alertStore, alertOptions, time, NullLogger<AlertService>.Instance), alertStore, reports, alertOptions, Options.Create(new ReadinessOptions()), Options.Create(new ReportOptions()), time, watch: watch);
        await withWatch.ReportsAsync(tenant, default);

        Assert.Contains("certificate-expired at mx9.example.com", (await AlertAsync(AlertConditions.EnforceFailures))!.Text, StringComparison.Ordinal);
    }

    private async Task<Alert?> AlertAsync(string condition) => await alertStore.GetAsync(Domain, condition, default);

    [Fact]
    public async Task Real_reports_replayed_over_two_weeks_open_silent_reporter_and_enforce_failures_and_not_failure_rate()
    {
        var google = await CorpusAsync("tlsrpt_success_google_1.eml");
        var microsoft = await CorpusAsync("tlsrpt_success_microsoft.eml");
        var failure = await CorpusAsync("tlsrpt_failure.eml");

        for (var day = 0; day < 10; day++)
        {
            await DayAsync(google, microsoft);
        }

        Assert.Empty(alertStore.Notices);
        await DayAsync(google);
        await DayAsync(google);
        Assert.Null(await AlertAsync(AlertConditions.SilentReporter));
        await DayAsync(google);
        var silent = await AlertAsync(AlertConditions.SilentReporter);
        Assert.True(silent!.IsOpen);
        Assert.Contains("Microsoft Corporation", silent.Text, StringComparison.Ordinal);

        await DayAsync(failure);
        var enforce = await AlertAsync(AlertConditions.EnforceFailures);
        Assert.True(enforce!.IsOpen);
        Assert.Contains("certificate-expired at mail.example.com (2)", enforce.Text, StringComparison.Ordinal);
        Assert.Contains("mtasts tenant put example.com --mode testing --mx mail.example.com --max-age 604800", enforce.Text, StringComparison.Ordinal);
        Assert.Null(await AlertAsync(AlertConditions.FailureRate));
    }
}
