using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Policies;
using MtaSts.Core.Telemetry;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Dns;

/// <summary>
/// Keeps each tenant's <c>_mta-sts</c> TXT id in step with the policy we serve (RFC 8461 §3.1, §3.3), in the safe
/// order: after any change of the served policy (a revert too) a new id is published, but only once every serving
/// instance must have dropped the older policies (<see cref="RotationWindow"/>), for the newest version whose window
/// has passed; otherwise a sender could see the new id, fetch an old policy and cache it for max_age.
/// <para>
/// Every step that touches DNS first claims the tenant row with its ETag (a concurrent admin change, or a second
/// rotator run, makes it stop there): a publication records the id it is about to write, then writes the record
/// (conditional on what was read), reads it back and compares, then records the id as published; a repair claims
/// the row before it writes; offboarding marks the row before it removes the record and deletes the row only when
/// DNS shows no <c>v=STSv1</c> record. A record in DNS is therefore always known to the row, whatever fails in
/// between. Failures are per tenant, retried with growing backoff and shown in <see cref="Tenant.LastError"/>. Each
/// run also re-verifies a batch of published tenants, least recently verified first, and repairs drift; and removes
/// an offboarded tenant's record once every policy senders may hold has expired (<see cref="Tenant.HeldUntil"/>,
/// RFC 8461 §8.3), then its row once the record's TTL has passed.
/// </para>
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-8.3"/>
public sealed class PolicyIdRotator(
    ITenantStore store,
    ITxtRecordPublisher publisher,
    TimeProvider time,
    RotationWindow window,
    IOptions<RotationOptions> rotation,
    IOptions<DnsOptions> dns,
    ILogger<PolicyIdRotator> logger,
    MtaStsMetrics? metrics = null)
{
    /// <summary>
    /// Longer than any rotator run can take (a function times out after 10 minutes at most on Consumption): the removal
    /// time a claim writes ahead of the delete.
    /// </summary>
    public static readonly TimeSpan RemovalClaimAllowance = TimeSpan.FromMinutes(15);

    public const int PageSize = 1000;

    private readonly TxtRecordNaming naming = new(dns.Value.Zone);
    private readonly RotationOptions options = rotation.Value;

    public async Task<RotationSummary> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<Tenant>();
        var retiring = new List<Tenant>();
        var forgetting = new List<Tenant>();
        var published = new List<Tenant>();
        var scanned = 0;
        var waiting = 0;
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(PageSize, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var tenant in page.Tenants)
            {
                scanned++;
                var backingOff = tenant.NextAttemptAt > now;
                if (tenant.State == TenantState.Offboarding && !tenant.RecordMayExist)
                {
                    waiting++; // no record was ever written: nothing to withdraw; the custom domain sync removes the tenant
                }
                else if (tenant.RotationPending)
                {
                    if (backingOff || window.PublishableVersion(tenant, now) is null)
                    {
                        waiting++;
                        if (!backingOff && tenant.PublishedId is not null)
                        {
                            published.Add(tenant); // its record is kept right while the next id waits its window
                        }
                    }
                    else
                    {
                        due.Add(tenant);
                    }
                }
                else if (backingOff)
                {
                    waiting++;
                }
                else if (tenant.State == TenantState.Offboarding && tenant.RecordRemovedAt is { } removed)
                {
                    if (removed > now)
                    {
                        retiring.Add(tenant); // a removal claimed but never confirmed (the delete failed, or the run stopped): again
                    }
                    else if (removed + RecordLifetime <= now && tenant.CustomDomain is { MayExist: true })
                    {
                        waiting++; // the custom domain goes first (SyncCustomDomains); the row must outlive it
                    }
                    else if (removed + RecordLifetime <= now)
                    {
                        forgetting.Add(tenant);
                    }
                }
                else if (tenant.State == TenantState.Offboarding && !(tenant.HeldUntil > now))
                {
                    retiring.Add(tenant);
                }
                else if (tenant.PublishedId is not null)
                {
                    published.Add(tenant);
                }
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        var verify = published.OrderBy(t => t.LastVerifiedAt ?? DateTimeOffset.MinValue).Take(options.VerifyBatchSize).ToList();
        var outcomes = new ConcurrentBag<string>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(due, parallel, async (t, ct) => outcomes.Add(await GuardAsync(new TenantRow(t), "publish", PublishAsync, now, ct).ConfigureAwait(false))).ConfigureAwait(false);
        await Parallel.ForEachAsync(retiring, parallel, async (t, ct) => outcomes.Add(await GuardAsync(new TenantRow(t), "retire", RetireAsync, now, ct).ConfigureAwait(false))).ConfigureAwait(false);
        await Parallel.ForEachAsync(forgetting, parallel, async (t, ct) => outcomes.Add(await GuardAsync(new TenantRow(t), "retire", ForgetAsync, now, ct).ConfigureAwait(false))).ConfigureAwait(false);
        await Parallel.ForEachAsync(verify, parallel, async (t, ct) => outcomes.Add(await GuardAsync(new TenantRow(t), "verify", VerifyAsync, now, ct).ConfigureAwait(false))).ConfigureAwait(false);

        var summary = new RotationSummary(
            scanned,
            outcomes.Count(o => o == "published"),
            waiting + outcomes.Count(o => o == "raced"),
            outcomes.Count(o => o == "failed"),
            outcomes.Count(o => o is "verified" or "repaired"),
            outcomes.Count(o => o == "repaired"),
            outcomes.Count(o => o == "retired"));
        logger.LogInformation(
            "Rotation run: {Scanned} tenants, {Published} ids published, {Waiting} waiting, {Failed} failed, {Verified} verified, {Repaired} repaired, {Retired} offboarded",
            summary.Scanned, summary.Published, summary.Waiting, summary.Failed, summary.Verified, summary.Repaired, summary.Retired);
        metrics?.Rotation(summary);
        return summary;
    }

    private async Task<string> PublishAsync(TenantRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenant = row.Current;
        var version = window.PublishableVersion(tenant, now)!.Value;
        var name = RecordName(tenant);
        var current = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        var inDns = StsTxtRecordParser.ParseRecordSet(current.Records).Record?.Id;
        var id = PolicyIdGenerator.Next(now, PolicyIdGenerator.Max(PolicyIdGenerator.Max(tenant.PublishedId, tenant.PublishingId), inDns));

        // The intent first: from here on the row knows a record with this id may be in DNS.
        row.Current = await store.UpdateAsync(tenant with { PublishingId = id, PublishingVersion = version }, cancellationToken).ConfigureAwait(false);
        await WriteAndCheckAsync(name, id, current, cancellationToken).ConfigureAwait(false);

        // The id before this one left DNS now: a sender may renew what it fetched under it until the record's TTL has
        // passed, and then keep it for its max_age.
        var replacedAt = time.GetUtcNow();
        var heldUntil = Later(row.Current.HeldUntil, replacedAt + RecordLifetime + TimeSpan.FromSeconds(row.Current.ServedMaxAge));
        row.Current = await store.UpdateAsync(
            row.Current with
            {
                PublishedId = id,
                PublishedVersion = version,
                PublishedHash = version == tenant.PolicyVersion ? tenant.PolicyHash : null,
                PublishedAt = replacedAt,
                PublishingId = null,
                PublishingVersion = null,
                HeldUntil = heldUntil,
                ServedMaxAge = tenant.Changes.Where(c => c.Version >= version).Select(c => c.MaxAge).DefaultIfEmpty(Tenant.HoldableMaxAge(tenant.Policy)).Max(),
                LastVerifiedAt = replacedAt,
                LastError = null,
                FailedAttempts = 0,
                NextAttemptAt = null,
            },
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Published {Name} id {Id} for {Domain} (policy version {Version} of {Current})", name, id, tenant.Domain, version, tenant.PolicyVersion);
        return "published";
    }

    private async Task<string> VerifyAsync(TenantRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenant = row.Current;
        var name = RecordName(tenant);
        var current = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        var found = StsTxtRecordParser.ParseRecordSet(current.Records);
        if (IsIntact(found, current, tenant.PublishedId!))
        {
            row.Current = await store.UpdateAsync(tenant with { LastVerifiedAt = now, LastError = null, FailedAttempts = 0, NextAttemptAt = null }, cancellationToken).ConfigureAwait(false);
            return "verified";
        }

        // Claim the row before writing DNS: if another run changed it since it was listed, this run stops here.
        row.Current = await store.UpdateAsync(tenant with { LastVerifiedAt = now }, cancellationToken).ConfigureAwait(false);
        current = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        found = StsTxtRecordParser.ParseRecordSet(current.Records);
        if (IsIntact(found, current, tenant.PublishedId!))
        {
            return "verified";
        }

        if (found.Record?.Id is { } newer && PolicyIdGenerator.IsGenerated(newer) && PolicyIdGenerator.Compare(newer, tenant.PublishedId) > 0)
        {
            // An id of our form, newer than the row's: writing the row's id back would move the id backwards. The one a
            // publication in flight is writing is no error; any other is shown to the operator.
            logger.LogWarning("{Name} has id {Found}, newer than {Id} published for {Domain}; left alone", name, newer, tenant.PublishedId, tenant.Domain);
            if (newer != tenant.PublishingId)
            {
                row.Current = await store.UpdateAsync(row.Current with { LastError = $"verify: DNS has id {newer}, newer than the published {tenant.PublishedId}; left alone" }, cancellationToken).ConfigureAwait(false);
            }

            return "raced";
        }

        logger.LogWarning("Drift at {Name} for {Domain}: {Status} {Error}; restoring id {Id}", name, tenant.Domain, found.Status, found.Error ?? "another id", tenant.PublishedId);
        await WriteAndCheckAsync(name, tenant.PublishedId!, current, cancellationToken).ConfigureAwait(false);
        row.Current = await store.UpdateAsync(row.Current with { LastError = null, FailedAttempts = 0, NextAttemptAt = null }, cancellationToken).ConfigureAwait(false);
        return "repaired";
    }

    /// <summary>
    /// Offboarding, first step: every policy senders may hold has expired, so the record goes. The row is marked first,
    /// with a removal time <see cref="RemovalClaimAllowance"/> ahead: if the run stops after the delete and before it
    /// records the real time, the TTL wait still counts from no earlier than the record went.
    /// </summary>
    private async Task<string> RetireAsync(TenantRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        row.Current = await store.UpdateAsync(row.Current with { RecordRemovedAt = now + RemovalClaimAllowance }, cancellationToken).ConfigureAwait(false);
        return await RemoveRecordAsync(row, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Offboarding, last step: the record's TTL has passed since it was removed, so no resolver hands it out any more,
    /// and the row goes; unless DNS shows a <c>v=STSv1</c> record again, which is removed first.
    /// </summary>
    private async Task<string> ForgetAsync(TenantRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await publisher.ReadAsync(RecordName(row.Current), cancellationToken).ConfigureAwait(false);
        if (current.Records.Any(TxtRecordSet.IsStsString))
        {
            row.Current = await store.UpdateAsync(row.Current with { RecordRemovedAt = now + RemovalClaimAllowance }, cancellationToken).ConfigureAwait(false);
            return await RemoveRecordAsync(row, cancellationToken).ConfigureAwait(false);
        }

        await store.DeleteAsync(row.Current, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Offboarded {Domain}: record removed at {Removed:o}, tenant deleted", row.Current.Domain, row.Current.RecordRemovedAt);
        return "retired";
    }

    private async Task<string> RemoveRecordAsync(TenantRow row, CancellationToken cancellationToken)
    {
        var name = RecordName(row.Current);
        var current = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (current.Records.Any(TxtRecordSet.IsStsString))
        {
            await publisher.DeleteStsRecordsAsync(name, current, cancellationToken).ConfigureAwait(false);
        }

        // The TTL wait before the row may go counts from the moment the record was gone.
        row.Current = await store.UpdateAsync(row.Current with { RecordRemovedAt = time.GetUtcNow(), LastError = null, FailedAttempts = 0, NextAttemptAt = null }, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Offboarding {Domain}: {Name} removed (senders' policies held until {HeldUntil:o}); the tenant goes after the record's TTL", row.Current.Domain, name, row.Current.HeldUntil);
        return "withdrawn";
    }

    private static bool IsIntact(Policies.StsTxtLookupResult found, TxtRecordSet current, string publishedId) =>
        found.IsValid && found.Record!.Id == publishedId && current.Records.Count(TxtRecordSet.IsStsString) == 1;

    private async Task WriteAndCheckAsync(DnsRecordName name, string id, TxtRecordSet current, CancellationToken cancellationToken)
    {
        await publisher.ReplaceStsRecordAsync(name, StsTxtRecord.Format(id), current, cancellationToken).ConfigureAwait(false);
        var readBack = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        var check = StsTxtRecordParser.ParseRecordSet(readBack.Records);
        if (!check.IsValid || check.Record!.Id != id)
        {
            throw new DnsPublishException($"{publisher.Name} accepted the write, but {name} reads back as {check.Status} ({string.Join(" | ", readBack.Records)}) instead of id {id}");
        }
    }

    private async Task<string> GuardAsync(TenantRow row, string step, Func<TenantRow, DateTimeOffset, CancellationToken, Task<string>> work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await work(row, now, cancellationToken).ConfigureAwait(false);
        }
        catch (TenantConflictException)
        {
            logger.LogInformation("{Domain} changed during the {Step} step; it is looked at again on the next run", row.Current.Domain, step);
            return "raced";
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var tenant = row.Current;
            if (step == "verify" && tenant.RotationPending)
            {
                // Checking the old id of a tenant whose next id waits its window: a failure here must not hold off that id.
                logger.LogWarning(e, "Verifying {Domain} failed while its next id waits; no backoff", tenant.Domain);
                await RecordQuietlyAsync(row, tenant with { LastError = $"{step}: {e.Message}" }, cancellationToken).ConfigureAwait(false);
                return "failed";
            }

            var attempts = tenant.FailedAttempts + 1;
            var backoff = TimeSpan.FromSeconds(Math.Min(options.MaxBackoffSeconds, 60 * Math.Pow(2, Math.Min(attempts - 1, 20))));
            logger.LogError(e, "Rotation {Step} failed for {Domain} (attempt {Attempt}); next try after {Backoff}", step, tenant.Domain, attempts, backoff);
            await RecordQuietlyAsync(row, tenant with { LastError = $"{step}: {e.Message}", FailedAttempts = attempts, NextAttemptAt = now + backoff }, cancellationToken).ConfigureAwait(false);
            return "failed";
        }
    }

    /// <summary>Records a failure on the row; a failure to record it is only logged (the step failed already).</summary>
    private async Task RecordQuietlyAsync(TenantRow row, Tenant failed, CancellationToken cancellationToken)
    {
        try
        {
            row.Current = await store.UpdateAsync(failed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception recordError) when (recordError is not OperationCanceledException)
        {
            logger.LogWarning(recordError, "Could not record the failure of {Domain}", failed.Domain);
        }
    }

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value > b ? value : b;

    /// <summary>How long resolvers may still hand out a record after it changed: its TTL and the zone's propagation time.</summary>
    private TimeSpan RecordLifetime => publisher.RecordTtl + TimeSpan.FromSeconds(options.PropagationSeconds);

    private DnsRecordName RecordName(Tenant tenant) => new(naming.ZoneName(tenant.Domain), naming.RecordName(tenant.Domain));

    /// <summary>The latest version of one tenant's row during a step, so a failure is recorded on the row as it now is.</summary>
    private sealed class TenantRow(Tenant tenant)
    {
        public Tenant Current { get; set; } = tenant;
    }
}
