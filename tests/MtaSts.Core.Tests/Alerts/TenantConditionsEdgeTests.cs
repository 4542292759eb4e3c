using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Dns;
using MtaSts.Core.FrontDoor;
using MtaSts.Core.Policies;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Reports;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Alerts;

/// <summary>
/// Each alert condition at the exact edge of its default threshold (the mutation run showed these edges were not
/// pinned): rotation failing at 2 and 3 attempts, the failure rate at 5 % and the session minimum, the baseline at 7
/// reported days and 10 failed sessions, the certificate at 14 days, and the daily pass over every tenant.
/// </summary>
public sealed class TenantConditionsEdgeTests
{
    private const string Domain = "edge.example";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryTlsReportStore reports = new();
    private readonly InMemoryAlertStore store = new();

    private TenantConditions Conditions(FrontDoorOnboarding? onboarding = null)
    {
        var options = Options.Create(new AlertOptions { Webhooks = ["https://hooks.example/a"], WebhookSecret = "a-secret-of-16-chars" });
        return new TenantConditions(new AlertService(store, options, time, NullLogger<AlertService>.Instance), store, reports, options, Options.Create(new ReadinessOptions()), Options.Create(new ReportOptions()), time, onboarding);
    }

    private async Task<Tenant> TenantAsync(PolicyMode mode = PolicyMode.Testing, bool autoPromote = false)
    {
        var tenant = Tenant.Create(Domain, new StsPolicy(mode, ["mx.edge.example"], 604800), time.GetUtcNow()) with { Automation = new TenantAutomation(autoPromote, false, []) };
        return await tenants.AddAsync(tenant, default);
    }

    private async Task ReportAsync(int daysAgo, long successful, long failed, string org = "Google", string type = "certificate-expired")
    {
        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off });
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, reports, time, options, NullLogger<ReportIngestor>.Instance);
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-daysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var failures = failed > 0 ? new[] { (type, "mx.edge.example", failed) } : [];
        await ingestor.IngestAsync(ReportJson.For(org: org, id: org + day, successful: successful, day: day, domain: Domain, failures: failures), "r.json", "https", default);
    }

    private async Task<Alert?> AlertAsync(string condition) => await store.GetAsync(Domain, condition, default);

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public async Task Rotation_failing_opens_at_three_attempts_and_resolves_when_it_works_again(int attempts, bool open)
    {
        var tenant = await TenantAsync() with { FailedAttempts = attempts, LastError = "SERVFAIL", NextAttemptAt = time.GetUtcNow().AddMinutes(5) };

        await Conditions().StateAsync(tenant, default);
        Assert.Equal(open, (await AlertAsync(AlertConditions.RotationFailing))?.IsOpen == true);
        if (open)
        {
            Assert.Equal("edge.example: the DNS id rotation failed 3 times in a row (next try 2026-11-01 06:05:00Z): SERVFAIL", (await AlertAsync(AlertConditions.RotationFailing))!.Text);
            await Conditions().StateAsync(tenant with { FailedAttempts = 0 }, default);
            var resolved = (await AlertAsync(AlertConditions.RotationFailing))!;
            Assert.Equal((AlertState.Resolved, "edge.example: the DNS id rotation works again"), (resolved.State, resolved.Text));
        }
    }

    [Theory]
    [InlineData(19, 1, false)] // 20 sessions, 5 %: not above the rate
    [InlineData(18, 1, false)] // 19 sessions: below the minimum
    [InlineData(19, 2, true)] // 21 sessions, 9.5 %
    [InlineData(950, 50, false)] // exactly 5 %
    [InlineData(949, 51, true)] // 5.1 %
    public async Task Failure_rate_opens_only_above_five_percent_of_at_least_twenty_sessions(long successful, long failed, bool open)
    {
        var tenant = await TenantAsync();
        await ReportAsync(1, successful, failed);

        await Conditions().ReportsAsync(tenant, default);

        Assert.Equal(open, (await AlertAsync(AlertConditions.FailureRate))?.IsOpen == true);
    }

    [Theory]
    [InlineData(6, 10, false)] // six reported days: no baseline yet
    [InlineData(7, 10, true)] // seven days, 10 failed > 3 × 1
    [InlineData(7, 9, false)] // under the 10 failed sessions a baseline spike needs
    [InlineData(7, 3, false)]
    public async Task A_baseline_needs_seven_reported_days_and_ten_failed_sessions(int reportedDays, long failedToday, bool open)
    {
        var tenant = await TenantAsync();
        for (var i = 0; i < reportedDays; i++)
        {
            await ReportAsync(2 + i, 10_000, 1);
        }

        await ReportAsync(1, 10_000, failedToday);
        await Conditions().ReportsAsync(tenant, default);

        var alert = await AlertAsync(AlertConditions.FailureRate);
        Assert.Equal(open, alert?.IsOpen == true);
        if (open)
        {
            Assert.Equal("edge.example: 10 of 10010 sessions failed on 2026-10-31 (0.1 %; the 14-day daily average is 1 failed): certificate-expired 10", alert!.Text);
        }
    }

    [Fact]
    public async Task A_day_without_sessions_is_no_baseline_day()
    {
        var tenant = await TenantAsync();
        for (var i = 0; i < 6; i++)
        {
            await ReportAsync(2 + i, 10_000, 1);
        }

        await ReportAsync(9, 0, 0, org: "Empty");
        await ReportAsync(1, 10_000, 10);
        await Conditions().ReportsAsync(tenant, default);

        Assert.Null(await AlertAsync(AlertConditions.FailureRate));
    }

    [Theory]
    [InlineData(false, "--max-age 604800")]
    [InlineData(true, "--max-age 604800 --auto-promote false")]
    public async Task Enforce_failures_end_with_the_one_call_back_to_testing(bool autoPromote, string end)
    {
        var tenant = await TenantAsync(PolicyMode.Enforce, autoPromote);
        await ReportAsync(1, 100, 2, type: "starttls-not-supported");
        await ReportAsync(0, 100, 1, org: "Microsoft", type: "starttls-not-supported");

        await Conditions().ReportsAsync(tenant, default);

        var text = (await AlertAsync(AlertConditions.EnforceFailures))!.Text;
        Assert.Equal($"edge.example is in enforce and senders report failures that make them hold or bounce mail: starttls-not-supported at mx.edge.example (3) (reported as https). To return to testing at once: mtasts tenant put edge.example --mode testing --mx mx.edge.example {end}", text);
    }

    [Theory]
    [InlineData(7, true)]
    [InlineData(6, false)]
    public async Task A_silent_reporter_is_one_that_reported_each_of_seven_days(int activeDays, bool open)
    {
        var tenant = await TenantAsync();
        for (var i = 0; i < activeDays; i++)
        {
            await ReportAsync(4 + i, 100, 0, org: "Microsoft");
            await ReportAsync(4 + i, 100, 0, org: "Google");
        }

        for (var i = 1; i <= 3; i++)
        {
            await ReportAsync(i, 100, 0, org: "Google");
        }

        await Conditions().ReportsAsync(tenant, default);

        var alert = await AlertAsync(AlertConditions.SilentReporter);
        Assert.Equal(open, alert?.IsOpen == true);
        if (open)
        {
            Assert.StartsWith("edge.example: Microsoft (unverified) reported every day for 7 days and then nothing for 3", alert!.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(13.9, true)]
    [InlineData(14.1, false)]
    public async Task A_live_certificate_expiring_within_fourteen_days_opens_certificate(double days, bool open)
    {
        var tenant = await TenantAsync() with { CustomDomain = new CustomDomainState { Shard = "afd-1", Stage = CustomDomainStage.Live, ValidationState = "Approved", CertificateExpiresAt = time.GetUtcNow().AddDays(days) } };

        await Conditions(Onboarding()).StateAsync(tenant, default);

        Assert.Equal(open, (await AlertAsync(AlertConditions.Certificate))?.IsOpen == true);
        if (open)
        {
            await Conditions(Onboarding()).StateAsync(tenant with { CustomDomain = tenant.CustomDomain! with { CertificateExpiresAt = time.GetUtcNow().AddDays(80) } }, default);
            Assert.Equal((AlertState.Resolved, "edge.example: the mta-sts certificate is live again"), ((await AlertAsync(AlertConditions.Certificate))!.State, (await AlertAsync(AlertConditions.Certificate))!.Text));
        }
    }

    [Fact]
    public async Task A_failed_custom_domain_opens_certificate_with_its_error_and_not_live_ones_do_not()
    {
        var tenant = await TenantAsync() with { CustomDomain = new CustomDomainState { Shard = "afd-1", Stage = CustomDomainStage.Validating, FailedAttempts = 2, LastError = "the CNAME is missing" } };
        await Conditions(Onboarding()).StateAsync(tenant, default);
        Assert.StartsWith("edge.example: the mta-sts custom domain mta-sts.edge.example is failed: the CNAME is missing", (await AlertAsync(AlertConditions.Certificate))!.Text, StringComparison.Ordinal);

        var deploying = tenant with { CustomDomain = new CustomDomainState { Shard = "afd-1", Stage = CustomDomainStage.Deploying, CertificateExpiresAt = time.GetUtcNow().AddDays(1) } };
        await Conditions(Onboarding()).StateAsync(deploying, default);
        Assert.Equal(AlertState.Resolved, (await AlertAsync(AlertConditions.Certificate))!.State);
    }

    [Fact]
    public async Task The_daily_pass_reads_every_active_tenant_and_resolves_what_no_longer_holds()
    {
        var failing = await TenantAsync() with { FailedAttempts = 5, LastError = "x" };
        await tenants.UpdateAsync(failing, default);
        var other = await tenants.AddAsync(Tenant.Create("other.example", new StsPolicy(PolicyMode.Testing, ["mx.other.example"], 604800), time.GetUtcNow()) with { FailedAttempts = 4, State = TenantState.Offboarding }, default);

        Assert.Equal(0, await Conditions().StateOfAllAsync(tenants, default));
        Assert.True((await AlertAsync(AlertConditions.RotationFailing))!.IsOpen);
        Assert.Null(await store.GetAsync("other.example", AlertConditions.RotationFailing, default)); // offboarding tenants are left alone

        await tenants.UpdateAsync((await tenants.GetAsync(Domain, default))! with { FailedAttempts = 0 }, default);
        Assert.Equal(0, await Conditions().StateOfAllAsync(tenants, default));
        Assert.Equal(AlertState.Resolved, (await AlertAsync(AlertConditions.RotationFailing))!.State);
        Assert.NotNull(other);
    }

    private static FrontDoorOnboarding Onboarding() => new(
        Options.Create(new FrontDoorOptions { SubscriptionId = "s", ResourceGroup = "rg", Shards = [new FrontDoorShard { Profile = "afd-1", Endpoint = "e", EndpointHost = "e.z01.azurefd.net", Route = "mta-sts" }] }),
        Options.Create(new DnsOptions()),
        new NoLedger());

    private sealed class NoLedger : IFrontDoorLedger
    {
        public Task<string?> ReserveAsync(IReadOnlyList<FrontDoorShard> shards, string? preferred, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ReleaseAsync(string shard, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ReconcileAsync(IReadOnlyDictionary<string, int> counted, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> TryLockAsync(string name, TimeSpan duration, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task UnlockAsync(string name, string token, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
