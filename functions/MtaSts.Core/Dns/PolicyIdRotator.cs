using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Policies;
using MtaSts.Core.Telemetry;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Dns;

/// <summary>
/// Keeps each tenant's <c>_mta-sts</c> TXT id in step with the policy we serve (RFC 8461 §3.1, §3.3), in the safe
/// order: a changed policy's new id is published only after every serving instance must have dropped the old policy
/// (change time + <c>Policy:CacheSeconds</c> + <c>Rotation:SafetyMarginSeconds</c>); otherwise a sender could see the
/// new id, fetch the old policy and cache it for max_age. A tenant never published goes out at once.
/// <para>
/// Each publication is: write the record (conditional on what was read), read it back and compare, then record the
/// id and the policy hash on the tenant row with its ETag; if the row changed meanwhile the tenant stays pending.
/// Failures are per tenant, retried with growing backoff and shown in <see cref="Tenant.LastError"/>. Each run also
/// re-verifies a batch of published tenants, least recently verified first, and repairs drift (a missing, edited or
/// duplicated <c>v=STSv1</c> record); and removes offboarded tenants once senders' caches have expired (RFC 8461 §8.3).
/// </para>
/// </summary>
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
                if (tenant.RotationPending)
                {
                    if (tenant.NextAttemptAt > now || window.EarliestPublication(tenant) > now)
                    {
                        waiting++;
                    }
                    else
                    {
                        due.Add(tenant);
                    }
                }
                else if (tenant.State == TenantState.Offboarding && tenant.PublishedAt + TimeSpan.FromSeconds(tenant.WithdrawnMaxAge ?? 0) <= now)
                {
                    retiring.Add(tenant);
                }
                else if (tenant.PublishedId is not null && !(tenant.NextAttemptAt > now))
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
        await Parallel.ForEachAsync(due, parallel, async (t, ct) => outcomes.Add(await GuardAsync(t, "publish", () => PublishAsync(t, now, ct), now, ct).ConfigureAwait(false))).ConfigureAwait(false);
        await Parallel.ForEachAsync(retiring, parallel, async (t, ct) => outcomes.Add(await GuardAsync(t, "retire", () => RetireAsync(t, ct), now, ct).ConfigureAwait(false))).ConfigureAwait(false);
        await Parallel.ForEachAsync(verify, parallel, async (t, ct) => outcomes.Add(await GuardAsync(t, "verify", () => VerifyAsync(t, now, ct), now, ct).ConfigureAwait(false))).ConfigureAwait(false);

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

    private async Task<string> PublishAsync(Tenant tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = RecordName(tenant);
        var current = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        var inDns = StsTxtRecordParser.ParseRecordSet(current.Records).Record?.Id;
        var id = PolicyIdGenerator.Next(now, PolicyIdGenerator.Max(tenant.PublishedId, inDns));
        await WriteAndCheckAsync(name, id, current, cancellationToken).ConfigureAwait(false);
        await store.UpdateAsync(
            tenant with
            {
                PublishedId = id,
                PublishedHash = tenant.PolicyHash,
                PublishedAt = now,
                LastVerifiedAt = now,
                LastError = null,
                FailedAttempts = 0,
                NextAttemptAt = null,
            },
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Published {Name} id {Id} for {Domain} (policy changed {Changed:o})", name, id, tenant.Domain, tenant.PolicyChangedAt);
        return "published";
    }

    private async Task<string> VerifyAsync(Tenant tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = RecordName(tenant);
        var current = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        var found = StsTxtRecordParser.ParseRecordSet(current.Records);
        var intact = found.IsValid && found.Record!.Id == tenant.PublishedId && current.Records.Count(TxtRecordSet.IsStsString) == 1;
        if (!intact)
        {
            logger.LogWarning("Drift at {Name} for {Domain}: {Status} {Error}; restoring id {Id}", name, tenant.Domain, found.Status, found.Error ?? "another id", tenant.PublishedId);
            await WriteAndCheckAsync(name, tenant.PublishedId!, current, cancellationToken).ConfigureAwait(false);
        }

        await store.UpdateAsync(tenant with { LastVerifiedAt = now, LastError = null, FailedAttempts = 0, NextAttemptAt = null }, cancellationToken).ConfigureAwait(false);
        return intact ? "verified" : "repaired";
    }

    private async Task<string> RetireAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var name = RecordName(tenant);
        var current = await publisher.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (current.Records.Any(TxtRecordSet.IsStsString))
        {
            await publisher.DeleteStsRecordsAsync(name, current, cancellationToken).ConfigureAwait(false);
        }

        await store.DeleteAsync(tenant, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Offboarded {Domain}: {Name} removed and the tenant deleted", tenant.Domain, name);
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

    private async Task<string> GuardAsync(Tenant tenant, string step, Func<Task<string>> work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (TenantConflictException)
        {
            logger.LogInformation("{Domain} changed during the {Step} step; it stays pending for the next run", tenant.Domain, step);
            return "raced";
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempts = tenant.FailedAttempts + 1;
            var backoff = TimeSpan.FromSeconds(Math.Min(options.MaxBackoffSeconds, 60 * Math.Pow(2, Math.Min(attempts - 1, 20))));
            logger.LogError(e, "Rotation {Step} failed for {Domain} (attempt {Attempt}); next try after {Backoff}", step, tenant.Domain, attempts, backoff);
            try
            {
                await store.UpdateAsync(
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
}
