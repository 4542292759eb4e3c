using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Alerts;
using MtaSts.Core.Mx;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Readiness;

/// <summary>
/// Timer <c>EvaluateTenants</c> (<c>%EvaluationSchedule%</c>, daily): for every active tenant, the readiness verdict
/// (counted once per UTC day into the tenant's streak of <c>ready</c> days), the <c>ready</c> alert of a tenant in
/// <c>testing</c> (open while ready, resolved when it is lost), promotion to <c>enforce</c> for a tenant with
/// <c>autoPromote</c> once the streak reaches <c>Readiness:PromoteAfterDays</c> (through the normal change path, so the
/// rotation rules apply; recorded as made by <c>auto-promote</c>, and told as the <c>promoted</c> event), and the
/// alert conditions of <see cref="TenantConditions"/>. Old notices are purged. One tenant's fault never stops the others.
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
        int evaluated = 0, ready = 0, promoted = 0, failed = 0;
        string? continuation = null;
        do
        {
            var page = await tenants.ListAsync(1000, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var tenant in page.Tenants.Where(t => t.State == TenantState.Active))
            {
                try
                {
                    var (verdict, wasPromoted) = await EvaluateAsync(tenant, cancellationToken).ConfigureAwait(false);
                    evaluated++;
                    ready += verdict == ReadinessVerdict.Ready ? 1 : 0;
                    promoted += wasPromoted ? 1 : 0;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failed++;
                    logger.LogError(e, "Evaluation of {Domain} failed", tenant.Domain);
                }
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        var purged = await alertStore.PurgeAsync(time.GetUtcNow().AddDays(-alertOptions.Value.HistoryDays), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Evaluated {Evaluated} tenants: {Ready} ready, {Promoted} promoted, {Failed} failed; {Purged} old notices purged", evaluated, ready, promoted, failed, purged);
        return new EvaluationSummary(evaluated, ready, promoted, failed);
    }

    /// <summary>Evaluates one tenant: verdict, streak, ready alert, promotion, conditions.</summary>
    public async Task<(string Verdict, bool Promoted)> EvaluateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var view = await readiness.EvaluateAsync(tenant, cancellationToken).ConfigureAwait(false);
        metrics?.Readiness(view.Verdict);
        var streak = await CountAsync(tenant.Domain, view, cancellationToken).ConfigureAwait(false);
        var promoted = false;
        if (tenant.Policy.Mode == PolicyMode.Testing && view.Verdict == ReadinessVerdict.Ready)
        {
            await alerts.RaiseAsync(tenant, tenant.Domain, AlertConditions.Ready, $"{tenant.Domain} is ready for enforce: every readiness criterion is met ({streak} daily evaluations in a row){(tenant.Automation.AutoPromote ? $"; autoPromote switches it after {options.Value.PromoteAfterDays}" : $". To switch: mtasts tenant put {tenant.Domain} --mode enforce {Mx(tenant)}")}", cancellationToken).ConfigureAwait(false);
            if (tenant.Automation.AutoPromote && streak >= options.Value.PromoteAfterDays)
            {
                promoted = await PromoteAsync(tenant, streak, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var unmet = string.Join("; ", view.Criteria.Where(c => c.Status is ReadinessVerdict.Blocked or ReadinessVerdict.NotYet).Select(c => $"{c.Name}: {c.Evidence}"));
            await alerts.ResolveAsync(tenant, tenant.Domain, AlertConditions.Ready, tenant.Policy.Mode == PolicyMode.Enforce ? $"{tenant.Domain} is in enforce" : $"{tenant.Domain} is no longer ready for enforce: {unmet}", cancellationToken).ConfigureAwait(false);
        }

        await conditions.StateAsync(tenant, cancellationToken).ConfigureAwait(false);
        await conditions.ReportsAsync(tenant, cancellationToken).ConfigureAwait(false);
        return (view.Verdict, promoted);
    }

    /// <summary>Counts the verdict into the streak, once per UTC day: a later evaluation the same day replaces that day's verdict.</summary>
    private async Task<int> CountAsync(string domain, ReadinessView view, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(view.EvaluatedAt.UtcDateTime);
        var state = await watch.GetReadinessAsync(domain, cancellationToken).ConfigureAwait(false);
        var before = state switch
        {
            null => 0,
            _ when state.LastDay == today => state.ReadyStreak - (state.LastVerdict == ReadinessVerdict.Ready ? 1 : 0),
            _ when state.LastDay == today.AddDays(-1) => state.ReadyStreak,
            _ => 0,
        };
        var streak = view.Verdict == ReadinessVerdict.Ready ? Math.Max(0, before) + 1 : 0;
        await watch.SaveReadinessAsync(new ReadinessState(domain, today, view.Verdict, streak, view.EvaluatedAt) { ETag = state?.ETag }, cancellationToken).ConfigureAwait(false);
        return streak;
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

        await alerts.RaiseAsync(tenant, tenant.Domain, AlertConditions.Promoted, $"{tenant.Domain} was switched to enforce by autoPromote after {streak} daily ready verdicts; its DNS id follows after the rotation window. If failures appear you will be told at once; to return to testing: mtasts tenant put {tenant.Domain} --mode testing {Mx(tenant)}", cancellationToken).ConfigureAwait(false);
        await alerts.ResolveAsync(tenant, tenant.Domain, AlertConditions.Ready, $"{tenant.Domain} is in enforce", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static string Mx(Tenant tenant) => string.Join(" ", tenant.Policy.Mx.Select(m => "--mx " + m)) + $" --max-age {tenant.Policy.MaxAgeSeconds}";
}
