using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Alerts;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Mx;

/// <summary>
/// Timer <c>WatchMx</c>: resolves the live MX sets of active tenants in bounded batches (<c>Mx:BatchSize</c>, least
/// recently checked first, none sooner than <c>Mx:RecheckMinutes</c>, at most <c>Mx:QueriesPerSecond</c>), keeps each
/// set and its changes, and holds the policy against it: a live host the policy does not cover opens
/// <c>uncovered-mx</c> (in <c>enforce</c> mail to it bounces), a pattern matching no live host opens the notice
/// <c>unused-mx-pattern</c>; each resolves once the policy fits again. With <c>mxSync: auto</c> the watcher adds each
/// uncovered host to the policy itself (<see cref="MxCoverage.Synced"/>; never on an implicit MX, never dropping a
/// pattern) through the normal change path, and tells so (<c>mx-synced</c>, told again if the telling was lost).
/// A failed lookup changes nothing but the error shown.
/// </summary>
public sealed class MxWatcher(
    ITenantStore tenants,
    IWatchStore watch,
    MxResolver resolver,
    TenantAdmin admin,
    AlertService alerts,
    IOptions<MxOptions> options,
    TimeProvider time,
    ILogger<MxWatcher> logger,
    Telemetry.MtaStsMetrics? metrics = null)
{
    private readonly MxOptions settings = options.Value;

    public async Task<MxWatchSummary> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var checkedAt = await watch.MxCheckedAtAsync(cancellationToken).ConfigureAwait(false);
        var due = new List<Tenant>();
        string? continuation = null;
        do
        {
            var page = await tenants.ListAsync(1000, continuation, cancellationToken).ConfigureAwait(false);
            due.AddRange(page.Tenants.Where(t => t.State == TenantState.Active && now - checkedAt.GetValueOrDefault(t.Domain, DateTimeOffset.MinValue) >= TimeSpan.FromMinutes(settings.RecheckMinutes)));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        var batch = due.OrderBy(t => checkedAt.GetValueOrDefault(t.Domain, DateTimeOffset.MinValue)).ThenBy(t => t.Domain, StringComparer.Ordinal).Take(settings.BatchSize).ToList();
        int changed = 0, failed = 0, uncovered = 0, synced = 0;
        var interval = TimeSpan.FromSeconds(1.0 / settings.QueriesPerSecond);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < batch.Count; i++)
        {
            // The rate limit paces real queries: query i starts no earlier than i intervals after the first.
            var wait = (interval * i) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var outcome = await CheckAsync(batch[i], cancellationToken).ConfigureAwait(false);
                changed += outcome.Changed ? 1 : 0;
                failed += outcome.Failed ? 1 : 0;
                uncovered += outcome.Uncovered ? 1 : 0;
                synced += outcome.Synced ? 1 : 0;
                metrics?.MxCheck(outcome.Failed ? "failed" : outcome.Changed ? "changed" : "unchanged");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One tenant's fault (storage, a lost race) never stops the others; it is checked again next run.
                failed++;
                metrics?.MxCheck("failed");
                logger.LogError(e, "MX check of {Domain} failed", batch[i].Domain);
            }
        }

        return new MxWatchSummary(batch.Count, changed, failed, uncovered, synced);
    }

    private async Task<(bool Changed, bool Failed, bool Uncovered, bool Synced)> CheckAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var previous = await watch.GetMxAsync(tenant.Domain, cancellationToken).ConfigureAwait(false);
        var lookup = await resolver.ResolveAsync(tenant.Domain, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (!lookup.Known)
        {
            var kept = previous ?? new MxState(tenant.Domain, MxLookupStatus.Failed, [], now, null, null, []);
            await watch.SaveMxAsync(kept with { CheckedAt = now, LastError = lookup.Error }, cancellationToken).ConfigureAwait(false);
            logger.LogWarning("MX of {Domain} not resolved: {Error}", tenant.Domain, lookup.Error);
            return (false, true, false, false);
        }

        var before = previous is { Known: true } ? previous.Hosts : [];
        var added = lookup.Hosts.Except(before, StringComparer.Ordinal).ToArray();
        var removed = before.Except(lookup.Hosts, StringComparer.Ordinal).ToArray();
        var isChange = previous is not { Known: true } || added.Length > 0 || removed.Length > 0 || previous.Status != lookup.Status;
        var history = previous?.History ?? [];
        if (isChange)
        {
            history = [.. history.Append(new MxChange(now, added, removed)).TakeLast(settings.HistoryLength)];
            logger.LogInformation("MX of {Domain} changed: +{Added} -{Removed}", tenant.Domain, string.Join(",", added), string.Join(",", removed));
        }

        await watch.SaveMxAsync(
            new MxState(tenant.Domain, lookup.Status, lookup.Hosts, now, isChange ? now : previous!.ChangedAt, null, history) { ETag = previous?.ETag },
            cancellationToken).ConfigureAwait(false);

        var (isUncovered, isSynced) = await HoldPolicyAgainstAsync(tenant, lookup, cancellationToken).ConfigureAwait(false);
        return (isChange, false, isUncovered, isSynced);
    }

    private Task TellSyncAsync(Tenant tenant, long version, IReadOnlyList<string> list, IReadOnlyList<string> before, CancellationToken cancellationToken) =>
        alerts.RaiseOnceAsync(tenant, tenant.Domain, AlertConditions.MxSynced, $"{tenant.Domain}: the MX watcher added {string.Join(", ", list.Except(before))} to the policy's mx list, now {string.Join(", ", list)} (mxSync: auto); the DNS id follows after the rotation window.", AlertConditions.PolicyVersionSubject(version), cancellationToken);

    /// <summary>Opens or resolves the coverage alerts of a tenant for a live set, or (mxSync: auto) makes the policy fit.</summary>
    private async Task<(bool Uncovered, bool Synced)> HoldPolicyAgainstAsync(Tenant tenant, MxLookup lookup, CancellationToken cancellationToken)
    {
        var patterns = tenant.Policy.Mx;
        var uncovered = MxCoverage.Uncovered(patterns, lookup.Hosts);
        var unused = MxCoverage.Unused(patterns, lookup.Hosts);
        if (tenant.Policy.Mode == PolicyMode.None)
        {
            // mode none asks senders for nothing: no MX can be uncovered.
            await alerts.ResolveAsync(tenant, tenant.Domain, AlertConditions.UncoveredMx, $"{tenant.Domain}: the policy is mode none", cancellationToken).ConfigureAwait(false);
            await alerts.ResolveAsync(tenant, tenant.Domain, AlertConditions.UnusedMxPattern, $"{tenant.Domain}: the policy is mode none", cancellationToken).ConfigureAwait(false);
            return (false, false);
        }

        var synced = false;

        // Only a real MX answer is synced to: an implicit MX (no MX record, perhaps one bad answer) never rewrites the list.
        if (tenant.Automation.MxSync && lookup.Status == MxLookupStatus.Found && MxCoverage.Synced(patterns, lookup.Hosts) is { } list)
        {
            var draft = PolicyDraftValidator.Validate(new PolicyDraft(tenant.Policy.Mode.ToText(), [.. list], tenant.Policy.MaxAgeSeconds));
            if (draft.Policy is { } policy)
            {
                // Only over the policy this check judged: an admin's change meanwhile (of any field) wins, and is judged next time.
                var result = await admin.ChangePolicyAsync(tenant.Domain, current => current.Policy.Equals(tenant.Policy) && current.Automation.MxSync ? policy : null, PolicyChangers.MxSync, cancellationToken).ConfigureAwait(false);
                if (result.Outcome == AdminOutcome.Updated)
                {
                    synced = true;
                    uncovered = [];
                    await TellSyncAsync(tenant, result.Tenant!.PolicyVersion, list, patterns, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                logger.LogError("MX sync of {Domain} would make an invalid policy: {Errors}", tenant.Domain, string.Join("; ", draft.Errors));
            }
        }

        else if (tenant.PolicyChangedBy == PolicyChangers.MxSync)
        {
            // A sync whose notice was lost (a crash between the policy write and the alert) is told now.
            await alerts.RaiseOnceAsync(tenant, tenant.Domain, AlertConditions.MxSynced, $"{tenant.Domain}: the MX watcher changed the policy's mx list to {string.Join(", ", patterns)} (mxSync: auto); the DNS id follows after the rotation window.", AlertConditions.PolicyVersionSubject(tenant.PolicyVersion), cancellationToken).ConfigureAwait(false);
        }

        if (uncovered.Count > 0)
        {
            var consequence = tenant.Policy.Mode == PolicyMode.Enforce ? "in enforce, senders that honour the policy will not deliver to it" : "once in enforce, senders that honour the policy would not deliver to it";
            await alerts.RaiseAsync(tenant, tenant.Domain, AlertConditions.UncoveredMx, $"{tenant.Domain}: live MX {string.Join(", ", uncovered)} not covered by the policy's mx list ({string.Join(", ", patterns)}); {consequence}. Add it: mtasts tenant put {tenant.Domain} --mode {tenant.Policy.Mode.ToText()} {string.Join(" ", patterns.Concat(uncovered).Select(p => "--mx " + p))} --max-age {tenant.Policy.MaxAgeSeconds}", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await alerts.ResolveAsync(tenant, tenant.Domain, AlertConditions.UncoveredMx, $"{tenant.Domain}: every live MX is covered by the policy again", cancellationToken).ConfigureAwait(false);
        }

        if (unused.Count > 0 && lookup.Hosts.Count > 0)
        {
            await alerts.RaiseAsync(tenant, tenant.Domain, AlertConditions.UnusedMxPattern, $"{tenant.Domain}: mx pattern {string.Join(", ", unused)} matches no live MX host ({string.Join(", ", lookup.Hosts)}); harmless, but it may be a leftover", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await alerts.ResolveAsync(tenant, tenant.Domain, AlertConditions.UnusedMxPattern, $"{tenant.Domain}: every mx pattern matches a live MX host", cancellationToken).ConfigureAwait(false);
        }

        return (uncovered.Count > 0, synced);
    }
}
