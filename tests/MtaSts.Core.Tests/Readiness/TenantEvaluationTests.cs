using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Mx;
using MtaSts.Core.Policies;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Reports;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Readiness;

/// <summary>
/// Simulated days with a fake clock: a tenant in testing fed clean reports from two organizations becomes ready,
/// counts one ready day per UTC day, and with autoPromote is switched to enforce after three in a row, through the
/// change path; the alerts say so.
/// </summary>
public sealed class TenantEvaluationTests : IDisposable
{
    private const string Domain = "victim.example";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryTlsReportStore reports = new();
    private readonly InMemoryWatchStore watch = new();
    private readonly InMemoryAlertStore alertStore = new();
    private readonly DnsResponder dns = new();
    private readonly MtaSts.Core.Admin.TenantAdmin admin;
    private readonly TenantEvaluation evaluation;

    public TenantEvaluationTests()
        : this(alignedOnly: false)
    {
    }

    /// <summary>The reports fed here come over HTTPS, so promotion is allowed on them unless <paramref name="alignedOnly"/>.</summary>
    private TenantEvaluationTests(bool alignedOnly)
    {
        admin = TestServices.Admin(tenants, time);
        var mxOptions = Options.Create(new MxOptions { DnsServer = dns.Endpoint, TimeoutSeconds = 2 });
        var readinessOptions = Options.Create(new ReadinessOptions { PromoteOnAlignedEvidence = alignedOnly });
        var reportOptions = Options.Create(new ReportOptions());
        var alertOptions = Options.Create(new AlertOptions());
        var alerts = new AlertService(alertStore, alertOptions, time, NullLogger<AlertService>.Instance);
        var readiness = new ReadinessService(tenants, reports, watch, new MxResolver(mxOptions), mxOptions, readinessOptions, reportOptions, time);
        var conditions = new TenantConditions(alerts, alertStore, reports, alertOptions, readinessOptions, reportOptions, time);
        evaluation = new TenantEvaluation(tenants, watch, readiness, conditions, admin, alerts, alertStore, readinessOptions, alertOptions, time, NullLogger<TenantEvaluation>.Instance);
        dns.Mx[Domain] = [(10, "mx.victim.example")];
    }

    public void Dispose() => dns.Dispose();

    private async Task<Tenant> CreateAsync(bool autoPromote)
    {
        await admin.PutAsync(Domain, System.Text.Encoding.UTF8.GetBytes($$"""{"mode":"testing","mx":["mx.victim.example"],"maxAge":604800,"autoPromote":{{(autoPromote ? "true" : "false")}}}"""), default);
        var tenant = (await tenants.GetAsync(Domain, default))!;
        tenant = await tenants.UpdateAsync(tenant with { PublishedId = "20261101060000", PublishedVersion = tenant.PolicyVersion, PublishedAt = time.GetUtcNow() }, default);
        dns.Txt["_mta-sts." + Domain] = "v=STSv1; id=20261101060000";
        return tenant;
    }

    /// <summary>Yesterday's reports from two organizations, 60 sessions each, stored as HTTPS reports (evidence by default).</summary>
    private async Task FeedYesterdayAsync(params (string Type, string Mx, long Count)[] failures)
    {
        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off });
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, reports, time, options, NullLogger<ReportIngestor>.Instance);
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var org in new[] { "Google", "Microsoft" })
        {
            await ingestor.IngestAsync(ReportJson.For(org: org, id: org + day, successful: 60, day: day, domain: Domain, failures: org == "Google" ? failures : []), "r.json", "https", default);
        }
    }

    private async Task<(string Verdict, bool Promoted)> NextDayAsync(params (string Type, string Mx, long Count)[] failures)
    {
        time.Advance(TimeSpan.FromDays(1));
        await FeedYesterdayAsync(failures);
        return await evaluation.EvaluateAsync((await tenants.GetAsync(Domain, default))!, default);
    }

    private IEnumerable<JsonElement> Bodies => alertStore.Notices.OrderBy(n => n.CreatedAt).Select(n => JsonDocument.Parse(n.Body).RootElement);

    [Fact]
    public async Task A_tenant_fed_fourteen_clean_days_becomes_ready_and_autoPromote_switches_it_after_three_ready_days()
    {
        await CreateAsync(autoPromote: true);
        var verdicts = new List<string>();
        for (var day = 1; day <= 16; day++)
        {
            var (verdict, promoted) = await NextDayAsync();
            verdicts.Add(verdict);
            if (promoted)
            {
                break;
            }
        }

        // Not yet for 13 days (testing period), ready from day 14, promoted on the third ready day.
        Assert.Equal(Enumerable.Repeat(ReadinessVerdict.NotYet, 13).Concat(Enumerable.Repeat(ReadinessVerdict.Ready, 3)), verdicts);
        var tenant = (await tenants.GetAsync(Domain, default))!;
        Assert.Equal((PolicyMode.Enforce, PolicyChangers.AutoPromote, true), (tenant.Policy.Mode, tenant.PolicyChangedBy, tenant.RotationPending));
        Assert.Equal(["ready:open", "promoted:open", "ready:resolved"], Bodies.Select(b => $"{b.GetProperty("condition").GetString()}:{b.GetProperty("state").GetString()}"));
        Assert.Contains("--mode testing", Bodies.Single(b => b.GetProperty("condition").GetString() == "promoted").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Review of #13: anyone can post HTTPS reports, so by default promotion waits for DKIM-aligned evidence.</summary>
    [Fact]
    public async Task By_default_promotion_waits_for_aligned_evidence_when_only_anonymous_reports_came()
    {
        using var strict = new TenantEvaluationTests(alignedOnly: true);
        await strict.CreateAsync(autoPromote: true);
        for (var day = 1; day <= 20; day++)
        {
            Assert.False((await strict.NextDayAsync()).Promoted);
        }

        Assert.Equal(PolicyMode.Testing, (await strict.tenants.GetAsync(Domain, default))!.Policy.Mode);
        var ready = await strict.alertStore.GetAsync(Domain, AlertConditions.Ready, default);
        Assert.Contains("waits for the evidence criterion to be met by DKIM-aligned e-mail reports", ready!.Text, StringComparison.Ordinal);
    }

    /// <summary>Review of #13: a promotion whose notice was lost to a crash is told at the next evaluation, once.</summary>
    [Fact]
    public async Task A_lost_promotion_notice_is_told_at_the_next_evaluation_once()
    {
        await CreateAsync(autoPromote: true);
        await admin.ChangePolicyAsync(Domain, t => t.Policy with { Mode = PolicyMode.Enforce }, PolicyChangers.AutoPromote, default); // the crash: no notice

        await NextDayAsync();
        await NextDayAsync();

        Assert.Single(alertStore.Notices, n => n.Condition == AlertConditions.Promoted);
    }

    [Fact]
    public async Task A_policy_change_starts_the_ready_streak_over()
    {
        await CreateAsync(autoPromote: true);
        for (var day = 1; day <= 15; day++)
        {
            await NextDayAsync();
        }

        Assert.Equal(2, (await watch.GetReadinessAsync(Domain, default))!.ReadyStreak);
        var tenant = (await tenants.GetAsync(Domain, default))!;
        await tenants.UpdateAsync(tenant.WithPolicy(tenant.Policy with { MaxAgeSeconds = 86400 }, TenantState.Active, time.GetUtcNow()) with { PublishedVersion = tenant.PolicyVersion + 1 }, default);

        Assert.False((await NextDayAsync()).Promoted);
        Assert.Equal(1, (await watch.GetReadinessAsync(Domain, default))!.ReadyStreak);
    }

    /// <summary>Review of #13: alerts of tenants that left stayed open, and the watchers' rows outlived them.</summary>
    [Fact]
    public async Task A_run_closes_the_alerts_of_tenants_that_left_and_forgets_their_rows()
    {
        await CreateAsync(autoPromote: false);
        var alerts = new AlertService(alertStore, Options.Create(new AlertOptions()), time, NullLogger<AlertService>.Instance);
        await alerts.RaiseAsync(null, "gone.example", AlertConditions.UncoveredMx, "mx2 uncovered", default);
        await watch.SaveMxAsync(new MxState("gone.example", MxLookupStatus.Found, ["mx.gone.example"], time.GetUtcNow(), time.GetUtcNow(), null, []), default);
        await watch.SaveReadinessAsync(new ReadinessState("gone.example", DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ReadinessVerdict.NotYet, 0, time.GetUtcNow()), default);

        time.Advance(TimeSpan.FromSeconds(1)); // alerts changed after the run listed the tenants are left for the next run
        var summary = await evaluation.RunAsync(default);

        Assert.Equal(1, summary.Evaluated);
        Assert.False((await alertStore.GetAsync("gone.example", AlertConditions.UncoveredMx, default))!.IsOpen);
        Assert.Null(await watch.GetMxAsync("gone.example", default));
        Assert.Null(await watch.GetReadinessAsync("gone.example", default));
        Assert.NotNull(await watch.GetReadinessAsync(Domain, default));
        Assert.Equal(0, (await evaluation.RunAsync(default)).Evaluated); // once a day
    }

    /// <summary>Second review of #13: one failed lookup must not cost a ready streak, nor tell a lost-then-regained readiness.</summary>
    [Fact]
    public async Task A_day_whose_lookups_fail_is_not_counted_and_tells_nothing()
    {
        await CreateAsync(autoPromote: false);
        for (var day = 1; day <= 15; day++)
        {
            await NextDayAsync();
        }

        var streak = (await watch.GetReadinessAsync(Domain, default))!.ReadyStreak;
        dns.ErrorCode = DnsResponder.ServFail;
        await NextDayAsync();
        Assert.Equal(streak, (await watch.GetReadinessAsync(Domain, default))!.ReadyStreak);
        Assert.True((await alertStore.GetAsync(Domain, AlertConditions.Ready, default))!.IsOpen);

        // The same day, once the resolver answers again, the evaluation is made and counted.
        dns.ErrorCode = null;
        await evaluation.EvaluateAsync((await tenants.GetAsync(Domain, default))!, default);
        Assert.Equal(streak + 1, (await watch.GetReadinessAsync(Domain, default))!.ReadyStreak);
        Assert.Single(alertStore.Notices, n => n.Condition == AlertConditions.Ready);
    }

    [Fact]
    public async Task Without_autoPromote_a_ready_tenant_is_only_told()
    {
        await CreateAsync(autoPromote: false);
        for (var day = 1; day <= 20; day++)
        {
            await NextDayAsync();
        }

        Assert.Equal(PolicyMode.Testing, (await tenants.GetAsync(Domain, default))!.Policy.Mode);
        Assert.Equal(["ready:open"], Bodies.Select(b => $"{b.GetProperty("condition").GetString()}:{b.GetProperty("state").GetString()}"));
    }

    [Fact]
    public async Task Ready_days_count_once_per_day_and_a_blocking_failure_resets_the_streak()
    {
        await CreateAsync(autoPromote: true);
        for (var day = 1; day <= 14; day++)
        {
            await NextDayAsync();
        }

        var tenant = (await tenants.GetAsync(Domain, default))!;
        await evaluation.EvaluateAsync(tenant, default);
        await evaluation.EvaluateAsync(tenant, default);
        Assert.Equal(1, (await watch.GetReadinessAsync(Domain, default))!.ReadyStreak);

        Assert.Equal(ReadinessVerdict.Ready, (await NextDayAsync()).Verdict);
        Assert.Equal(ReadinessVerdict.Blocked, (await NextDayAsync(("certificate-expired", "mx.victim.example", 2))).Verdict);
        Assert.Equal(0, (await watch.GetReadinessAsync(Domain, default))!.ReadyStreak);
        Assert.Equal(PolicyMode.Testing, (await tenants.GetAsync(Domain, default))!.Policy.Mode);
        Assert.Contains(Bodies, b => b.GetProperty("condition").GetString() == "ready" && b.GetProperty("state").GetString() == "resolved"
            && b.GetProperty("text").GetString()!.Contains("certificate-expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_promoted_tenant_with_blocking_failures_is_alerted_with_the_call_back_to_testing()
    {
        await CreateAsync(autoPromote: true);
        for (var day = 1; day <= 16; day++)
        {
            await NextDayAsync();
        }

        await NextDayAsync(("certificate-host-mismatch", "mx.victim.example", 5));

        var alert = await alertStore.GetAsync(Domain, AlertConditions.EnforceFailures, default);
        Assert.True(alert!.IsOpen);
        Assert.Contains("mtasts tenant put victim.example --mode testing --mx mx.victim.example --max-age 604800", alert.Text, StringComparison.Ordinal);
    }

    private async Task<int> StreakAsync() => (await watch.GetReadinessAsync(Domain, default))!.ReadyStreak;

    private async Task FirstReadyDayAsync()
    {
        for (var day = 1; day <= 14; day++)
        {
            await NextDayAsync();
        }

        Assert.Equal(1, await StreakAsync());
    }

    /// <summary>Mutation run of #13: a day with no evaluation (the timer did not run) breaks the streak; it is not bridged.</summary>
    [Fact]
    public async Task A_day_without_an_evaluation_starts_the_streak_over()
    {
        await CreateAsync(autoPromote: true);
        await FirstReadyDayAsync();
        await NextDayAsync();
        Assert.Equal(2, await StreakAsync());

        time.Advance(TimeSpan.FromDays(1)); // no evaluation that day
        await FeedYesterdayAsync();
        Assert.False((await NextDayAsync()).Promoted);
        Assert.Equal(1, await StreakAsync());
        Assert.Equal(time.GetUtcNow(), (await watch.GetReadinessAsync(Domain, default))!.StreakSince);
        Assert.False((await NextDayAsync()).Promoted);
        Assert.True((await NextDayAsync()).Promoted);
    }

    /// <summary>Mutation run of #13: a second evaluation on the same UTC day neither adds a ready day nor loses one.</summary>
    [Fact]
    public async Task A_second_evaluation_the_same_day_neither_adds_nor_loses_a_ready_day()
    {
        await CreateAsync(autoPromote: true);
        await FirstReadyDayAsync();
        await NextDayAsync();
        time.Advance(TimeSpan.FromHours(3));
        Assert.False((await evaluation.EvaluateAsync((await tenants.GetAsync(Domain, default))!, default)).Promoted);
        Assert.Equal(2, await StreakAsync());
        Assert.True((await NextDayAsync()).Promoted);
    }

    [Fact]
    public async Task The_stored_verdict_is_the_days_own_and_the_ready_notice_says_how_to_switch()
    {
        await CreateAsync(autoPromote: false);
        for (var day = 1; day <= 13; day++)
        {
            await NextDayAsync();
        }

        Assert.Equal((ReadinessVerdict.NotYet, 0), ((await watch.GetReadinessAsync(Domain, default))!.LastVerdict, await StreakAsync()));
        await NextDayAsync();

        Assert.Equal(ReadinessVerdict.Ready, (await watch.GetReadinessAsync(Domain, default))!.LastVerdict);
        Assert.Equal("victim.example is ready for enforce: every readiness criterion is met (1 daily evaluations in a row). To switch: mtasts tenant put victim.example --mode enforce --mx mx.victim.example --max-age 604800", (await alertStore.GetAsync(Domain, AlertConditions.Ready, default))!.Text);
    }

    [Fact]
    public async Task A_run_counts_what_it_did_and_leaves_active_tenants_and_service_alerts_open()
    {
        await CreateAsync(autoPromote: true);
        for (var day = 1; day <= 13; day++)
        {
            time.Advance(TimeSpan.FromDays(1));
            await FeedYesterdayAsync();
            Assert.Equal(new EvaluationSummary(1, 0, 0, 0), await evaluation.RunAsync(default));
        }

        await alertStore.CommitAsync(new Alert(Domain, AlertConditions.UncoveredMx, AlertState.Open, "x", time.GetUtcNow(), time.GetUtcNow(), time.GetUtcNow(), null), [], default);
        await alertStore.CommitAsync(new Alert(AlertConditions.ServiceTenant, AlertConditions.RefusalsSpike, AlertState.Open, "y", time.GetUtcNow(), time.GetUtcNow(), time.GetUtcNow(), null), [], default);
        time.Advance(TimeSpan.FromDays(1));
        await FeedYesterdayAsync();
        Assert.Equal(new EvaluationSummary(1, 1, 0, 0), await evaluation.RunAsync(default));
        Assert.Equal(new EvaluationSummary(0, 0, 0, 0), await evaluation.RunAsync(default)); // once a day
        Assert.True((await alertStore.GetAsync(Domain, AlertConditions.UncoveredMx, default))!.IsOpen);
        Assert.True((await alertStore.GetAsync(AlertConditions.ServiceTenant, AlertConditions.RefusalsSpike, default))!.IsOpen);

        for (var day = 1; day <= 2; day++)
        {
            time.Advance(TimeSpan.FromDays(1));
            await FeedYesterdayAsync();
            await evaluation.RunAsync(default);
        }

        Assert.Equal(PolicyMode.Enforce, (await tenants.GetAsync(Domain, default))!.Policy.Mode);
        var promoted = (await alertStore.GetAsync(Domain, AlertConditions.Promoted, default))!;
        Assert.True(promoted.IsOpen);

        // The promotion event closes a day after it opened, not before.
        time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
        await evaluation.EvaluateAsync((await tenants.GetAsync(Domain, default))!, default);
        Assert.True((await alertStore.GetAsync(Domain, AlertConditions.Promoted, default))!.IsOpen);
        time.Advance(TimeSpan.FromMinutes(1));
        await evaluation.EvaluateAsync((await tenants.GetAsync(Domain, default))!, default);
        Assert.False((await alertStore.GetAsync(Domain, AlertConditions.Promoted, default))!.IsOpen);
    }
}
