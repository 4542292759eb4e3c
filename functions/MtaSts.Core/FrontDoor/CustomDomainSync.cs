using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.FrontDoor;

/// <summary>
/// Timer <c>SyncCustomDomains</c>: takes each tenant's <c>mta-sts.&lt;domain&gt;</c> custom domain through its life on
/// Front Door, so that senders find a certificate valid for the policy host (RFC 8461 §3.3) with no manual step:
/// place it on a shard with room → create it with a managed certificate → keep its DNS TXT validation token where
/// Front Door looks (written by us when we can, else a customer record) and refresh the token when it times out,
/// nears expiry or revalidation is pending → once <c>Approved</c>, add it to its shard's route → follow the
/// deployment until the certificate is live → look again every <c>FrontDoor:RecheckHours</c>. On offboarding, once the
/// <c>mode: none</c> policy need no longer be served (no record of ours can be in resolvers' caches), take it off the
/// route, then delete it; the tenant row goes only after that.
/// <para>
/// As the rotation: state per tenant on its row (every write conditional on its ETag: a concurrent change makes the
/// step stop and the next run look again), failures per tenant with growing backoff, never blocking others, and a
/// bounded batch per run, least recently checked first. Each route's <c>customDomains</c> list is replaced whole and
/// has no ETag, so it is changed once per shard and run, under a lock shared by every instance
/// (<see cref="IFrontDoorLedger"/>), from a fresh read; tenants already attached are re-asserted on every look, so a
/// list entry lost to a writer outside this service comes back.
/// </para>
/// </summary>
public sealed class CustomDomainSync(
    ITenantStore store,
    IFrontDoorClient client,
    IFrontDoorLedger ledger,
    ITxtRecordPublisher publisher,
    TimeProvider time,
    IOptions<FrontDoorOptions> frontDoor,
    IOptions<DnsOptions> dns,
    IOptions<RotationOptions> rotation,
    ILogger<CustomDomainSync> logger)
{
    /// <summary>Longer than one route change can take (a read, a replace and its operation); a lock left behind expires.</summary>
    public static readonly TimeSpan RouteLockDuration = TimeSpan.FromMinutes(5);

    /// <summary>A token this close to its expiry is refreshed ahead, so the customer's copy never lapses unnoticed.</summary>
    public static readonly TimeSpan TokenRefreshAhead = TimeSpan.FromDays(1);

    private const int Parallelism = 4;

    private readonly FrontDoorOptions options = frontDoor.Value;
    private readonly CustomDomainNaming naming = new(dns.Value, frontDoor.Value);

    public async Task<CustomDomainSyncSummary> RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return CustomDomainSyncSummary.Off;
        }

        var now = time.GetUtcNow();
        var tenants = new List<Tenant>();
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(1000, continuation, cancellationToken).ConfigureAwait(false);
            tenants.AddRange(page.Tenants);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        var counted = options.Shards.ToDictionary(s => s.Key, s => tenants.Count(t => t.CustomDomain is { MayExist: true } d && string.Equals(d.Shard, s.Key, StringComparison.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
        try
        {
            await ledger.ReconcileAsync(counted, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Correcting the counts can wait for the next run; the tenants' own steps need not.
            logger.LogWarning(e, "Could not reconcile the Front Door shard counts; the next run tries again");
        }

        var batch = tenants.Where(t => IsDue(t, now)).OrderBy(t => t.CustomDomain?.CheckedAt ?? DateTimeOffset.MinValue).Take(options.BatchSize).ToList();
        var outcomes = new ConcurrentBag<string>();
        var changes = new ConcurrentBag<(TenantRow Row, RouteChange Change)>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(batch, parallel, async (tenant, ct) =>
        {
            var row = new TenantRow(tenant);
            var (outcome, change) = await GuardAsync(row, r => StepAsync(r, now, ct), ct).ConfigureAwait(false);
            outcomes.Add(outcome);
            if (change is not null)
            {
                changes.Add((row, change));
            }
        }).ConfigureAwait(false);

        // Every attached domain of every shard is re-asserted each run (one read of each route and policy; a write only
        // when an entry is missing), so one dropped by an outside write comes back within a schedule period.
        var worked = batch.Select(t => t.Domain).ToHashSet(StringComparer.Ordinal);
        // Not those on their way out: a run taking them off must not find them put back.
        foreach (var tenant in tenants.Where(t => !worked.Contains(t.Domain) && !ReadyToRemove(t, now) && t.CustomDomain is { Stage: CustomDomainStage.Deploying or CustomDomainStage.Live } d && options.Shard(d.Shard) is not null))
        {
            var shard = options.Shard(tenant.CustomDomain!.Shard)!;
            changes.Add((new TenantRow(tenant), new RouteChange(tenant.Domain, client.CustomDomainId(shard, CustomDomainNaming.ResourceName(tenant.Domain)), Attach: true, null, null, Repair: true)));
        }

        foreach (var shardChanges in changes.GroupBy(c => c.Row.Current.CustomDomain!.Shard, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var outcome in await ApplyRouteAsync(options.Shard(shardChanges.Key)!, [.. shardChanges], now, cancellationToken).ConfigureAwait(false))
            {
                outcomes.Add(outcome);
            }
        }

        var summary = new CustomDomainSyncSummary(
            tenants.Count,
            batch.Count,
            outcomes.Count(o => o == "placed"),
            outcomes.Count(o => o == "attached"),
            tenants.Count(t => t.CustomDomain?.Stage == CustomDomainStage.Live) + outcomes.Count(o => o == "live"),
            outcomes.Count(o => o == "removed"),
            outcomes.Count(o => o == "failed"),
            outcomes.Count(o => o == "unplaced"));
        logger.LogInformation(
            "Custom domain sync: {Scanned} tenants, {Worked} looked at, {Placed} placed, {Attached} attached, {Removed} removed, {Failed} failed, {Unplaced} waiting for a shard with room",
            summary.Scanned, summary.Worked, summary.Placed, summary.Attached, summary.Removed, summary.Failed, summary.Unplaced);
        return summary;
    }

    /// <summary>
    /// Offboarding may take the custom domain away once no resolver can still hand out a record of ours: none was ever
    /// written, or it was removed (after every policy senders may hold had expired) and its TTL has passed since.
    /// </summary>
    public bool ReadyToRemove(Tenant tenant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return tenant.State == TenantState.Offboarding
            && (!tenant.RecordMayExist
                || (tenant.RecordRemovedAt is { } removed && removed + publisher.RecordTtl + TimeSpan.FromSeconds(rotation.Value.PropagationSeconds) <= now));
    }

    private bool IsDue(Tenant tenant, DateTimeOffset now)
    {
        var domain = tenant.CustomDomain;
        if (domain is null)
        {
            return tenant.State == TenantState.Active; // placed by the admin API, or adopted here (the feature turned on later)
        }

        if (domain.NextAttemptAt > now)
        {
            return false;
        }

        if (tenant.State == TenantState.Offboarding && ReadyToRemove(tenant, now))
        {
            return domain.MayExist || !tenant.RecordMayExist;
        }

        return domain.Stage != CustomDomainStage.Live || domain.FailedAttempts > 0 || !(domain.CheckedAt + TimeSpan.FromHours(options.RecheckHours) > now);
    }

    private async Task<(string Outcome, RouteChange? Change)> StepAsync(TenantRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var placed = "worked";
        if (row.Current.CustomDomain is null || (row.Current.CustomDomain.Stage == CustomDomainStage.Deleted && row.Current.State == TenantState.Active))
        {
            if (!await PlaceAsync(row, cancellationToken).ConfigureAwait(false))
            {
                return ("unplaced", null);
            }

            placed = "placed";
        }

        var tenant = row.Current;
        var state = tenant.CustomDomain!;
        var shard = options.Shard(state.Shard)
            ?? throw new FrontDoorException($"the tenant is placed on Front Door profile '{state.Shard}', which FrontDoor:Shards no longer lists: add it back (a profile's custom domains cannot move by themselves)");
        var name = CustomDomainNaming.ResourceName(tenant.Domain);
        var id = client.CustomDomainId(shard, name);

        if (ReadyToRemove(tenant, now))
        {
            if (!state.MayExist)
            {
                await store.DeleteAsync(tenant, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Offboarded {Domain}: custom domain deleted, no record was ever written; tenant deleted", tenant.Domain);
                return ("removed", null);
            }

            // The claim first: from here the domain is on its way out, and a revival (a PUT) makes this step stop.
            row.Current = await store.UpdateAsync(tenant with { CustomDomain = state with { Stage = CustomDomainStage.Detaching, CheckedAt = now } }, cancellationToken).ConfigureAwait(false);
            return (placed, new RouteChange(tenant.Domain, id, Attach: false, null, null));
        }

        var host = CustomDomainNaming.HostName(tenant.Domain);
        var info = state.Stage is CustomDomainStage.Creating or CustomDomainStage.Detaching or CustomDomainStage.Deleting
            ? null
            : await client.GetCustomDomainAsync(shard, name, cancellationToken).ConfigureAwait(false);
        if (info is null || info.ProvisioningState == "Failed")
        {
            info = await CreateAsync(shard, name, host, cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(info.HostName, host, StringComparison.OrdinalIgnoreCase))
        {
            throw new FrontDoorException($"Front Door's custom domain {name} on profile {shard.Profile} is for {info.HostName}, not {host}: left alone");
        }

        if (info.TokenNeedsRefresh(now, TokenRefreshAhead))
        {
            await client.RefreshValidationTokenAsync(shard, name, cancellationToken).ConfigureAwait(false);
            info = await client.GetCustomDomainAsync(shard, name, cancellationToken).ConfigureAwait(false) ?? info;
        }

        var written = await WriteTokenAsync(tenant.Domain, info, state.WrittenToken, cancellationToken).ConfigureAwait(false);
        DateTimeOffset? expires = state.CertificateExpiresAt;
        if (info.Deployed && info.SecretId is { } secret)
        {
            expires = await client.GetCertificateExpiryAsync(secret, cancellationToken).ConfigureAwait(false) ?? expires;
        }

        var stage = !info.Approved ? (state.Stage is CustomDomainStage.Live or CustomDomainStage.Deploying ? state.Stage : CustomDomainStage.Validating)
            : state.Stage is CustomDomainStage.Live or CustomDomainStage.Deploying ? (info.Deployed && expires is not null ? CustomDomainStage.Live : CustomDomainStage.Deploying)
            : CustomDomainStage.Attaching;
        row.Current = await store.UpdateAsync(
            tenant with
            {
                CustomDomain = state with
                {
                    Stage = stage,
                    ValidationToken = info.ValidationToken,
                    TokenExpiresAt = info.TokenExpiresAt,
                    ValidationState = info.ValidationState,
                    DeploymentStatus = info.DeploymentStatus,
                    WrittenToken = written,
                    CertificateExpiresAt = expires,
                    CheckedAt = now,
                    LastError = null,
                    FailedAttempts = 0,
                    NextAttemptAt = null,
                },
            },
            cancellationToken).ConfigureAwait(false);
        return (stage == CustomDomainStage.Live && state.Stage != CustomDomainStage.Live ? "live" : placed, info.Approved ? new RouteChange(tenant.Domain, id, Attach: true, info, expires) : null);
    }

    /// <summary>
    /// Creates the custom domain. Front Door has documented that it does not take punycode host names: when it refuses an
    /// internationalized one, the failure says so plainly (and is tried again with backoff, in case it starts to).
    /// </summary>
    private async Task<CustomDomainInfo> CreateAsync(FrontDoorShard shard, string name, string host, CancellationToken cancellationToken)
    {
        try
        {
            return await client.PutCustomDomainAsync(shard, name, host, cancellationToken).ConfigureAwait(false);
        }
        catch (FrontDoorException e) when (e.Status == 409)
        {
            throw new FrontDoorException(
                $"Front Door already has a custom domain for {host} (made by hand, or on another profile): delete that one and the sync creates its own ({name} on {shard.Profile}). Front Door said: {e.Message}",
                e.Status,
                e.Code);
        }
        catch (FrontDoorException e) when (e.Status == 400 && CustomDomainNaming.IsInternationalized(host))
        {
            throw new FrontDoorException(
                $"Front Door refused the internationalized host name {host} (it does not take punycode host names): serve this tenant's policy host another way, see the README's 'Internationalized domains'. Front Door said: {e.Message}",
                e.Status,
                e.Code);
        }
    }

    /// <summary>Reserves room on a shard (its recorded one first) and records the placement; false when every shard is full.</summary>
    private async Task<bool> PlaceAsync(TenantRow row, CancellationToken cancellationToken)
    {
        var tenant = row.Current;
        var shard = await ledger.ReserveAsync(options.Shards, tenant.CustomDomain?.Shard, cancellationToken).ConfigureAwait(false);
        if (shard is null)
        {
            logger.LogWarning("No Front Door shard has room for {Domain}: add a profile to FrontDoor:Shards", tenant.Domain);
            return false;
        }

        try
        {
            row.Current = await store.UpdateAsync(tenant with { CustomDomain = new CustomDomainState { Shard = shard } }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch
        {
            await ledger.ReleaseAsync(shard, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes a new validation token where Front Door looks for it, when that record is ours to write.</summary>
    private async Task<string?> WriteTokenAsync(string domain, CustomDomainInfo info, string? written, CancellationToken cancellationToken)
    {
        if (naming.WrittenValidationRecord(domain) is not { } record || info.ValidationToken is not { } token || info.Approved || token == written)
        {
            return written;
        }

        var current = await publisher.ReadAsync(record, cancellationToken).ConfigureAwait(false);
        if (current.Records.Count != 1 || current.Records[0] != token)
        {
            await publisher.ReplaceTextAsync(record, token, current, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Wrote the Front Door validation token of {Domain} at {Name}", domain, record.Name);
        }

        return token;
    }

    /// <summary>
    /// Changes one shard's route for this run's tenants under the shard's lock: a fresh read, the whole list written
    /// back with ours added or removed, then each tenant's row; detached domains are deleted and their slots given back.
    /// </summary>
    private async Task<IReadOnlyList<string>> ApplyRouteAsync(FrontDoorShard shard, IReadOnlyList<(TenantRow Row, RouteChange Change)> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lockName = $"{shard.Profile}.{shard.Endpoint}.{shard.Route}";
        string? token;
        try
        {
            token = await ledger.TryLockAsync(lockName, RouteLockDuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not take the lock of route {Route}; its changes wait for the next run", lockName);
            return [];
        }

        if (token is null)
        {
            logger.LogInformation("Route {Route} is being changed by another run; its changes wait for the next run", lockName);
            return [];
        }

        var outcomes = new List<string>();
        var held = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            try
            {
                await WriteListsAsync(shard, changes, held, cancellationToken).ConfigureAwait(false);
            }
            catch (FrontDoorException e) when (e.Status == 400 && changes.Any(c => c.Change.Repair))
            {
                // A domain re-asserted from this run's listing may be gone by now (deleted by hand, or by a concurrent
                // offboarding): its entry must not hold up the tenants this run is changing.
                logger.LogWarning(e, "Front Door refused the lists of route {Route} with re-asserted entries; trying again with this run's changes only", lockName);
                changes = [.. changes.Where(c => !c.Change.Repair)];
                await WriteListsAsync(shard, changes, held, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Changing route {Route} failed; its changes wait for the next run", lockName);
            foreach (var (row, _) in changes.Where(c => !c.Change.Repair))
            {
                outcomes.Add(await RecordFailureAsync(row, e, cancellationToken).ConfigureAwait(false));
            }

            return outcomes;
        }
        finally
        {
            await UnlockQuietlyAsync(lockName, token).ConfigureAwait(false);
        }

        foreach (var (row, change) in changes.Where(c => !c.Change.Repair))
        {
            var (outcome, _) = await GuardAsync(row, r => FinishAsync(r, shard, change, now, cancellationToken), cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>
    /// The shard's route and WAF lists with this run's changes, each from a fresh read: off the route before off the WAF
    /// policy, and under the WAF policy before on the route, so a domain is never routed (its /tlsrpt reachable) without
    /// the intake limits. Each write first checks that the lock is surely still held (half its time at most has passed).
    /// </summary>
    private async Task WriteListsAsync(FrontDoorShard shard, IReadOnlyList<(TenantRow Row, RouteChange Change)> changes, System.Diagnostics.Stopwatch held, CancellationToken cancellationToken)
    {
        var attach = changes.Where(c => c.Change.Attach).Select(c => c.Change.CustomDomainId).ToList();
        var detach = changes.Where(c => !c.Change.Attach).Select(c => c.Change.CustomDomainId).ToList();
        Func<IReadOnlyList<string>, Task> Guarded(Func<IReadOnlyList<string>, Task> write) => ids =>
            held.Elapsed < RouteLockDuration / 2
                ? write(ids)
                : throw new FrontDoorException($"changing route {shard.Route} of {shard.Profile} took longer than half its lock ({RouteLockDuration.TotalMinutes / 2} min); the next run goes on");

        var routed = await client.GetRouteDomainsAsync(shard, cancellationToken).ConfigureAwait(false);
        var kept = await WriteIfChangedAsync(routed, routed.Where(id => !detach.Any(d => SameId(d, id))).ToList(), Guarded(ids => client.SetRouteDomainsAsync(shard, ids, cancellationToken))).ConfigureAwait(false);
        if (await client.GetProtectedDomainsAsync(shard, cancellationToken).ConfigureAwait(false) is { } covered)
        {
            await WriteIfChangedAsync(covered, With(covered.Where(id => !detach.Any(d => SameId(d, id))).ToList(), attach), Guarded(ids => client.SetProtectedDomainsAsync(shard, ids, cancellationToken))).ConfigureAwait(false);
        }

        await WriteIfChangedAsync(kept, With(kept, attach), Guarded(ids => client.SetRouteDomainsAsync(shard, ids, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="wanted"/> when it differs from <paramref name="current"/>; answers what the list is now.</summary>
    private static async Task<IReadOnlyList<string>> WriteIfChangedAsync(IReadOnlyList<string> current, List<string> wanted, Func<IReadOnlyList<string>, Task> write)
    {
        if (wanted.Count != current.Count || !wanted.SequenceEqual(current, StringComparer.OrdinalIgnoreCase))
        {
            await write(wanted).ConfigureAwait(false);
        }

        return wanted;
    }

    /// <summary><paramref name="ids"/> with each of <paramref name="added"/> it does not hold yet, in order.</summary>
    private static List<string> With(IReadOnlyList<string> ids, IEnumerable<string> added)
    {
        var result = ids.ToList();
        foreach (var id in added.Where(a => !result.Any(r => SameId(r, a))))
        {
            result.Add(id);
        }

        return result;
    }

    /// <summary>After the route change: an attached domain deploys; a detached one is deleted, its token record and slot freed.</summary>
    private async Task<(string, RouteChange?)> FinishAsync(TenantRow row, FrontDoorShard shard, RouteChange change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = row.Current.CustomDomain!;
        if (change.Attach)
        {
            if (state.Stage != CustomDomainStage.Attaching)
            {
                return ("worked", null);
            }

            var live = change.Info!.Deployed && change.CertificateExpiresAt is not null;
            row.Current = await store.UpdateAsync(row.Current with { CustomDomain = state with { Stage = live ? CustomDomainStage.Live : CustomDomainStage.Deploying } }, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Custom domain of {Domain} is on route {Route} of profile {Profile}", row.Current.Domain, shard.Route, shard.Profile);
            return (live ? "live" : "attached", null);
        }

        row.Current = await store.UpdateAsync(row.Current with { CustomDomain = state with { Stage = CustomDomainStage.Deleting } }, cancellationToken).ConfigureAwait(false);
        var name = CustomDomainNaming.ResourceName(row.Current.Domain);
        await client.DeleteCustomDomainAsync(shard, name, cancellationToken).ConfigureAwait(false);
        if (await client.GetCustomDomainAsync(shard, name, cancellationToken).ConfigureAwait(false) is not null)
        {
            // The delete is still running (or failed late): nothing is recorded as gone until Front Door says so.
            logger.LogInformation("Offboarding {Domain}: the custom domain's delete has not finished; looked at again on the next run", row.Current.Domain);
            return ("worked", null);
        }

        if (naming.WrittenValidationRecord(row.Current.Domain) is { } record)
        {
            var current = await publisher.ReadAsync(record, cancellationToken).ConfigureAwait(false);
            if (current.Records.Count > 0)
            {
                await publisher.ReplaceTextAsync(record, null, current, cancellationToken).ConfigureAwait(false);
            }
        }

        row.Current = await store.UpdateAsync(row.Current with { CustomDomain = state with { Stage = CustomDomainStage.Deleted, CheckedAt = now, WrittenToken = null } }, cancellationToken).ConfigureAwait(false);
        await ledger.ReleaseAsync(state.Shard, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Offboarding {Domain}: custom domain taken off route {Route} and deleted from profile {Profile}", row.Current.Domain, shard.Route, shard.Profile);
        if (!row.Current.RecordMayExist)
        {
            await store.DeleteAsync(row.Current, cancellationToken).ConfigureAwait(false);
        }

        return ("removed", null);
    }

    private async Task<(string Outcome, RouteChange? Change)> GuardAsync(TenantRow row, Func<TenantRow, Task<(string, RouteChange?)>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work(row).ConfigureAwait(false);
        }
        catch (TenantConflictException)
        {
            logger.LogInformation("{Domain} changed during the custom domain sync; it is looked at again on the next run", row.Current.Domain);
            return ("raced", null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (await RecordFailureAsync(row, e, cancellationToken).ConfigureAwait(false), null);
        }
    }

    private async Task<string> RecordFailureAsync(TenantRow row, Exception error, CancellationToken cancellationToken)
    {
        var tenant = row.Current;
        var state = tenant.CustomDomain;
        var attempts = (state?.FailedAttempts ?? 0) + 1;
        var backoff = TimeSpan.FromMinutes(Math.Min(options.MaxBackoffMinutes, Math.Pow(2, Math.Min(attempts - 1, 20))));
        logger.LogError(error, "Custom domain sync failed for {Domain} (attempt {Attempt}); next try after {Backoff}", tenant.Domain, attempts, backoff);
        if (state is null)
        {
            return "failed";
        }

        try
        {
            row.Current = await store.UpdateAsync(tenant with { CustomDomain = state with { LastError = Describe(error), FailedAttempts = attempts, NextAttemptAt = time.GetUtcNow() + backoff, CheckedAt = time.GetUtcNow() } }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception recordError) when (recordError is not OperationCanceledException)
        {
            logger.LogWarning(recordError, "Could not record the custom domain failure of {Domain}", tenant.Domain);
        }

        return "failed";
    }

    /// <summary>The failure in words for the admin API: Front Door's own where it gave one, bounded.</summary>
    private static string Describe(Exception error)
    {
        var text = error is FrontDoorException or DnsPublishException or DnsConflictException ? error.Message : $"{error.GetType().Name}: {error.Message}";
        return text.Length > 500 ? text[..500] : text;
    }

    private async Task UnlockQuietlyAsync(string name, string token)
    {
        try
        {
            await ledger.UnlockAsync(name, token, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not give back the lock of route {Route}; it expires by itself", name);
        }
    }

    private static bool SameId(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>A tenant and the row version it was last read or written as.</summary>
    private sealed class TenantRow(Tenant tenant)
    {
        public Tenant Current { get; set; } = tenant;
    }
}
