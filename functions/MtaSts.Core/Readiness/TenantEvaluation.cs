using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Alerts;
using MtaSts.Core.Mx;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Readiness;

/// <summary>
/// Timer <c>EvaluateTenants</c> (<c>%EvaluationSchedule%</c>, hourly): each active tenant once per UTC day (those not
/// yet evaluated today, least recently first, <c>Readiness:Parallelism</c> at once, none started after
/// <c>Readiness:RunSeconds</c>, so a run never outlives its host's timeout and the next one goes on): the readiness verdict
/// (counted once per UTC day into the tenant's streak of <c>ready</c> days), the <c>ready</c> alert of a tenant in
/// <c>testing</c> (open while ready, resolved when it is lost), promotion to <c>enforce</c> for a tenant with
/// <c>autoPromote</c> once the streak reaches <c>Readiness:PromoteAfterDays</c> (through the normal change path, so the
/// rotation rules apply; recorded as made by <c>auto-promote</c>, and told as the <c>promoted</c> event), and the
/// alert conditions of <see cref="TenantConditions"/>. Old notices are purged, alerts of tenants that are offboarding or
/// gone are resolved, and what the watchers kept for tenants that are gone is forgotten. One tenant's fault never stops
/// the others.
/// </summary>
public sealed class TenantEvaluation(
    ITenantStore tenants,
    IWatchStore watch,
    ReadinessService readiness,
    TenantConditions conditions,
    TenantAdmin admin,
    AlertService alerts,
    IAlertStore alertStore,
    IOptions<ReadinessOptions> options,
    IOptions<AlertOptions> alertOptions,
    TimeProvider time,
    ILogger<TenantEvaluation> logger,
    Telemetry.MtaStsMetrics? metrics = null)
{
    public async Task<EvaluationSummary> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetUtcNow();
        var today = DateOnly.FromDateTime(started.UtcDateTime);
        var evaluatedOn = await watch.ReadinessDaysAsync(cancellationToken).ConfigureAwait(false);
        var due = new List<Tenant>();
        var active = new HashSet<string>(StringComparer.Ordinal);
        var known = new Dictionary<string, Tenant>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            var page = await tenants.ListAsync(1000, continuation, cancellationToken).ConfigureAwait(false);
            due.AddRange(page.Tenants.Where(t => t.State == TenantState.Active && evaluatedOn.GetValueOrDefault(t.Domain, DateOnly.MinValue) < today));
            active.UnionWith(page.Tenants.Where(t => t.State == TenantState.Active).Select(t => t.Domain));
            foreach (var tenant in page.Tenants)
            {
                known[tenant.Domain] = tenant;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        int evaluated = 0, ready = 0, promoted = 0, failed = 0;
        var ordered = due.OrderBy(t => evaluatedOn.GetValueOrDefault(t.Domain, DateOnly.MinValue)).ThenBy(t => t.Domain, StringComparer.Ordinal);
        await Parallel.ForEachAsync(ordered, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken }, async (tenant, ct) =>
        {
            if (time.GetUtcNow() - started >= TimeSpan.FromSeconds(settings.RunSeconds))
            {
                return; // the next run goes on with the rest
            }

            try
            {
                var (verdict, wasPromoted) = await EvaluateAsync(tenant, ct).ConfigureAwait(false);
                Interlocked.Increment(ref evaluated);
                if (verdict == ReadinessVerdict.Ready)
                {
                    Interlocked.Increment(ref ready);
                }

                if (wasPromoted)
                {
                    Interlocked.Increment(ref promoted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                logger.LogError(e, "Evaluation of {Domain} failed", tenant.Domain);
            }
        }).ConfigureAwait(false);

        await ForgetLeftoversAsync(active, known, evaluatedOn.Keys, started, cancellationToken).ConfigureAwait(false);
        var purged = await alertStore.PurgeAsync(time.GetUtcNow().AddDays(-alertOptions.Value.HistoryDays), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Evaluated {Evaluated} of {Due} tenants due today: {Ready} ready, {Promoted} promoted, {Failed} failed; {Purged} old notices purged", evaluated, due.Count, ready, promoted, failed, purged);
        return new EvaluationSummary(evaluated, ready, promoted, failed);
    }

    /// <summary>
    /// Resolves the open alerts of tenants that are offboarding or gone (their conditions are no longer watched), and
    /// forgets what the watchers kept for tenants that are gone.
    /// </summary>
    private async Task ForgetLeftoversAsync(HashSet<string> active, Dictionary<string, Tenant> known, IEnumerable<string> evaluated, DateTimeOffset listedAt, CancellationToken cancellationToken)
    {
        try
        {
            var watched = (await watch.MxCheckedAtAsync(cancellationToken).ConfigureAwait(false)).Keys;
            foreach (var domain in evaluated.Concat(watched).Distinct(StringComparer.Ordinal).Where(d => !known.ContainsKey(d)).ToList())
            {
                // A tenant created after the listing has no rows yet older than it; one that is gone is forgotten.
                if (await tenants.GetAsync(domain, cancellationToken).ConfigureAwait(false) is null)
                {
                    await watch.ForgetAsync(domain, cancellationToken).ConfigureAwait(false);
                }
            }

            string? next = null;
            do
            {
                var (open, following) = await alertStore.ListOpenAsync(1000, next, cancellationToken).ConfigureAwait(false);
                foreach (var alert in open.Where(a => a.Tenant != AlertConditions.ServiceTenant && !active.Contains(a.Tenant) && a.UpdatedAt < listedAt))
                {
                    try
                    {
                        await alerts.ResolveAsync(known.GetValueOrDefault(alert.Tenant), alert.Tenant, alert.Condition, $"{alert.Tenant} is being offboarded or was removed: its alerts are closed", cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is AlertConflictException or Azure.RequestFailedException)
                    {
                        logger.LogWarning(e, "Closing alert {Condition} of {Tenant} failed; tried again next run", alert.Condition, alert.Tenant);
                    }
                }

                next = following;
            }
            while (next is not null);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or TenantConflictException)
        {
            logger.LogWarning(e, "Clearing what departed tenants left failed; tried again next run");
        }
    }

    /// <summary>
    /// Evaluates one tenant: verdict, streak, ready alert, promotion, conditions. The day is recorded last, so a run
    /// that fails half-way evaluates the tenant again next hour (every step can be repeated). A verdict reached with a
    /// failed lookup (MX, <c>_mta-sts</c>) is not counted for the day: neither a ready day nor a lost one.
    /// </summary>
    public async Task<(string Verdict, bool Promoted)> EvaluateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var settings = options.Value;
        var view = await readiness.EvaluateAsync(tenant, cancellationToken).ConfigureAwait(false);
        metrics?.Readiness(view.Verdict);
        await TellEventsAsync(tenant, cancellationToken).ConfigureAwait(false);
        var alignedRequired = tenant.Automation.AutoPromote && settings.PromoteOnAlignedEvidence;
        var (saved, state) = await NextStateAsync(tenant, view, alignedRequired, cancellationToken).ConfigureAwait(false);
        var promoted = false;
        if (tenant.Policy.Mode == PolicyMode.Testing && view.Verdict == ReadinessVerdict.Ready)
        {
            var waitsForAligned = alignedRequired && !view.AlignedEvidence;
            var how = !tenant.Automation.AutoPromote
                ? $". To switch: mtasts tenant put {tenant.Domain} --mode enforce {Mx(tenant)}"
                : waitsForAligned
                    ? "; autoPromote waits for the evidence criterion to be met by DKIM-aligned e-mail reports of distinct signing domains alone (Readiness:PromoteOnAlignedEvidence)"
                    : $"; autoPromote switches it after {settings.PromoteAfterDays} daily ready verdicts";
            await alerts.RaiseAsync(tenant, tenant.Domain, AlertConditions.Ready, $"{tenant.Domain} is ready for enforce: every readiness criterion is met ({state.ReadyStreak} daily evaluations in a row){how}", cancellationToken).ConfigureAwait(false);
            if (tenant.Automation.AutoPromote && !waitsForAligned && !view.Inconclusive && IsDue(state, view.EvaluatedAt))
            {
                promoted = await PromoteAsync(tenant, state.ReadyStreak, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (!view.Inconclusive)
        {
            var unmet = string.Join("; ", view.Criteria.Where(c => c.Status is ReadinessVerdict.Blocked or ReadinessVerdict.NotYet).Select(c => $"{c.Name}: {c.Evidence}"));
            await alerts.ResolveAsync(tenant, tenant.Domain, AlertConditions.Ready, tenant.Policy.Mode == PolicyMode.Enforce ? $"{tenant.Domain} is in enforce" : $"{tenant.Domain} is no longer ready for enforce: {unmet}", cancellationToken).ConfigureAwait(false);
        }

        await conditions.StateAsync(tenant, cancellationToken).ConfigureAwait(false);
        await conditions.ReportsAsync(tenant, cancellationToken).ConfigureAwait(false);
        if (!view.Inconclusive)
        {
            await watch.SaveReadinessAsync(state with { ETag = saved?.ETag }, cancellationToken).ConfigureAwait(false);
        }

        return (view.Verdict, promoted);
    }

    /// <summary>
    /// The streak with today's verdict counted, once per UTC day and per policy version: a later evaluation the same day
    /// replaces that day's verdict, and a change of the policy starts over. When promotion needs aligned evidence, a
    /// day counts as ready only if that was met too. Returns the stored state (for its ETag) and the next one.
    /// </summary>
    private async Task<(ReadinessState? Saved, ReadinessState Next)> NextStateAsync(Tenant tenant, ReadinessView view, bool alignedRequired, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(view.EvaluatedAt.UtcDateTime);
        var state = await watch.GetReadinessAsync(tenant.Domain, cancellationToken).ConfigureAwait(false);
        var same = state is not null && state.PolicyVersion == tenant.PolicyVersion;
        var before = !same ? 0
            : state!.LastDay == today ? state.ReadyStreak - (state.LastVerdict == ReadinessVerdict.Ready && state.ReadyStreak > 0 ? 1 : 0)
            : state.LastDay == today.AddDays(-1) ? state.ReadyStreak
            : 0;
        var ready = view.Verdict == ReadinessVerdict.Ready && (!alignedRequired || view.AlignedEvidence);
        var streak = ready ? Math.Max(0, before) + 1 : 0;
        var since = !ready ? (DateTimeOffset?)null : before > 0 && state!.StreakSince is { } started ? started : view.EvaluatedAt;
        return (state, new ReadinessState(tenant.Domain, today, ready ? ReadinessVerdict.Ready : view.Verdict, streak, view.EvaluatedAt, tenant.PolicyVersion, since));
    }

    /// <summary>
    /// K ready days in a row, spanning at least K-1 days of real time (less an hour for the timer's jitter): two runs
    /// either side of midnight are two UTC days but not two days of evidence.
    /// </summary>
    private bool IsDue(ReadinessState state, DateTimeOffset now)
    {
        var days = options.Value.PromoteAfterDays;
        return state.ReadyStreak >= days && state.StreakSince is { } since && now - since >= TimeSpan.FromDays(days - 1) - TimeSpan.FromHours(1);
    }

    /// <summary>Tells a promotion whose notice was lost, and closes events more than a day old (without a notice).</summary>
    private async Task TellEventsAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        if (tenant.PolicyChangedBy == PolicyChangers.AutoPromote && tenant.Policy.Mode == PolicyMode.Enforce)
        {
            await alerts.RaiseOnceAsync(tenant, tenant.Domain, AlertConditions.Promoted, PromotedText(tenant, null), AlertConditions.PolicyVersionSubject(tenant.PolicyVersion), cancellationToken).ConfigureAwait(false);
        }

        foreach (var condition in new[] { AlertConditions.Promoted, AlertConditions.MxSynced })
        {
            if (await alertStore.GetAsync(tenant.Domain, condition, cancellationToken).ConfigureAwait(false) is { IsOpen: true } open && time.GetUtcNow() - open.OpenedAt >= TimeSpan.FromDays(1))
            {
                await alerts.ResolveAsync(tenant, tenant.Domain, condition, open.Text, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> PromoteAsync(Tenant tenant, int streak, CancellationToken cancellationToken)
    {
        var result = await admin.ChangePolicyAsync(
            tenant.Domain,
            current => current.Policy.Mode == PolicyMode.Testing && current.Automation.AutoPromote && current.PolicyVersion == tenant.PolicyVersion
                ? new StsPolicy(PolicyMode.Enforce, current.Policy.Mx, current.Policy.MaxAgeSeconds)
                : null,
            PolicyChangers.AutoPromote,
            cancellationToken).ConfigureAwait(false);
        if (result.Outcome != AdminOutcome.Updated)
        {
            logger.LogWarning("Promotion of {Domain} not made: {Outcome}", tenant.Domain, result.Outcome);
            return false;
        }

        await alerts.RaiseOnceAsync(tenant, tenant.Domain, AlertConditions.Promoted, PromotedText(tenant, streak), AlertConditions.PolicyVersionSubject(result.Tenant!.PolicyVersion), cancellationToken).ConfigureAwait(false);
        await alerts.ResolveAsync(tenant, tenant.Domain, AlertConditions.Ready, $"{tenant.Domain} is in enforce", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The promotion notice, with the one call that undoes it (autoPromote off too, or it would promote again).</summary>
    private static string PromotedText(Tenant tenant, int? streak) =>
        $"{tenant.Domain} was switched to enforce by autoPromote{(streak is { } days ? $" after {days} daily ready verdicts" : string.Empty)}; its DNS id follows after the rotation window. If failures appear you will be told at once; to return to testing: mtasts tenant put {tenant.Domain} --mode testing {Mx(tenant)} --auto-promote false";

    private static string Mx(Tenant tenant) => string.Join(" ", tenant.Policy.Mx.Select(m => "--mx " + m)) + $" --max-age {tenant.Policy.MaxAgeSeconds}";
}
