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
/// instance must have dropped the older policies (<see cref="RotationWindow"/>); otherwise a sender could see the new
/// id, fetch an old policy and cache it for max_age.
/// <para>
/// Each publication is: record the id about to be written on the tenant row (with its ETag, so a concurrent change or
/// a second rotator stops it here), write the record (conditional on what was read), read it back and compare, then
/// record the id as published. A record in DNS is therefore always known to the row, whatever fails in between.
/// Failures are per tenant, retried with growing backoff and shown in <see cref="Tenant.LastError"/>. Each run also
/// re-verifies a batch of published tenants, least recently verified first, and repairs drift (a missing, edited or
/// duplicated <c>v=STSv1</c> record); and removes an offboarded tenant's record once every policy senders may hold
/// has expired (<see cref="Tenant.HeldUntil"/>, RFC 8461 §8.3), then its row once the record's TTL has passed.
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
                if (tenant.RotationPending)
                {
                    if (backingOff || window.EarliestPublication(tenant) > now)
                    {
                        waiting++;
                    }
                    else
                    {
                        due.Add(tenant);
                    }
                }
                else if (backingOff)
                {
                    continue;
                }
                else if (tenant.State == TenantState.Offboarding && tenant.RecordRemovedAt is { } removed)
                {
                    if (removed + publisher.RecordTtl <= now)
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
        var name = RecordName(tenant);
        var current = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        var inDns = StsTxtRecordParser.ParseRecordSet(current.Records).Record?.Id;
        var id = PolicyIdGenerator.Next(now, PolicyIdGenerator.Max(PolicyIdGenerator.Max(tenant.PublishedId, tenant.PublishingId), inDns));

        // The intent first: from here on the row knows a record with this id may be in DNS.
        row.Current = await store.UpdateAsync(tenant with { PublishingId = id, PublishingVersion = tenant.PolicyVersion }, cancellationToken).ConfigureAwait(false);
        await WriteAndCheckAsync(name, id, current, cancellationToken).ConfigureAwait(false);
        row.Current = await store.UpdateAsync(
            row.Current with
            {
                PublishedId = id,
                PublishedVersion = tenant.PolicyVersion,
                PublishedHash = tenant.PolicyHash,
                PublishedAt = now,
                PublishingId = null,
                PublishingVersion = null,
                LastVerifiedAt = now,
                LastError = null,
                FailedAttempts = 0,
                NextAttemptAt = null,
            },
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Published {Name} id {Id} for {Domain} (policy version {Version}, changed {Changed:o})", name, id, tenant.Domain, tenant.PolicyVersion, tenant.PolicyChangedAt);
        return "published";
    }

    private async Task<string> VerifyAsync(TenantRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenant = row.Current;
        var name = RecordName(tenant);
        var current = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        var found = StsTxtRecordParser.ParseRecordSet(current.Records);
        var intact = found.IsValid && found.Record!.Id == tenant.PublishedId && current.Records.Count(TxtRecordSet.IsStsString) == 1;
        if (!intact)
        {
            if (found.Record?.Id is { } newer && PolicyIdGenerator.IsGenerated(newer) && PolicyIdGenerator.Compare(newer, tenant.PublishedId) > 0)
            {
                // One of our ids, newer than the row's: another run published since this one listed the tenant.
                // Writing the row's id back would move the id backwards.
                logger.LogInformation("{Name} has id {Found}, newer than {Id} of the row read for {Domain}; left for the next run", name, newer, tenant.PublishedId, tenant.Domain);
                return "raced";
            }

            logger.LogWarning("Drift at {Name} for {Domain}: {Status} {Error}; restoring id {Id}", name, tenant.Domain, found.Status, found.Error ?? "another id", tenant.PublishedId);
            await WriteAndCheckAsync(name, tenant.PublishedId!, current, cancellationToken).ConfigureAwait(false);
        }

        row.Current = await store.UpdateAsync(tenant with { LastVerifiedAt = now, LastError = null, FailedAttempts = 0, NextAttemptAt = null }, cancellationToken).ConfigureAwait(false);
        return intact ? "verified" : "repaired";
    }

    /// <summary>Offboarding, first step: every policy senders may hold has expired, so the record goes.</summary>
    private async Task<string> RetireAsync(TenantRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenant = row.Current;
        var name = RecordName(tenant);
        var current = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (current.Records.Any(TxtRecordSet.IsStsString))
        {
            await publisher.DeleteStsRecordsAsync(name, current, cancellationToken).ConfigureAwait(false);
        }

        row.Current = await store.UpdateAsync(tenant with { RecordRemovedAt = now, LastError = null, FailedAttempts = 0, NextAttemptAt = null }, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Offboarding {Domain}: {Name} removed (senders' policies held until {HeldUntil:o}); the tenant goes after the record's TTL", tenant.Domain, name, tenant.HeldUntil);
        return "withdrawn";
    }

    /// <summary>Offboarding, last step: the removed record has left every resolver's cache, so the tenant goes.</summary>
    private async Task<string> ForgetAsync(TenantRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(row.Current, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Offboarded {Domain}: record removed at {Removed:o}, tenant deleted", row.Current.Domain, row.Current.RecordRemovedAt);
        return "retired";
    }

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
            var attempts = tenant.FailedAttempts + 1;
            var backoff = TimeSpan.FromSeconds(Math.Min(options.MaxBackoffSeconds, 60 * Math.Pow(2, Math.Min(attempts - 1, 20))));
            logger.LogError(e, "Rotation {Step} failed for {Domain} (attempt {Attempt}); next try after {Backoff}", step, tenant.Domain, attempts, backoff);
            try
            {
                row.Current = await store.UpdateAsync(
                    tenant with { LastError = $"{step}: {e.Message}", FailedAttempts = attempts, NextAttemptAt = now + backoff },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception recordError) when (recordError is not OperationCanceledException)
            {
                logger.LogWarning(recordError, "Could not record the failure of {Domain}", tenant.Domain);
            }

            return "failed";
        }
    }

    private DnsRecordName RecordName(Tenant tenant) => new(naming.ZoneName(tenant.Domain), naming.RecordName(tenant.Domain));

    /// <summary>The latest version of one tenant's row during a step, so a failure is recorded on the row as it now is.</summary>
    private sealed class TenantRow(Tenant tenant)
    {
        public Tenant Current { get; set; } = tenant;
    }
}
