using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.Core.Telemetry;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Serving;

/// <summary>
/// The in-memory policy cache of one serving instance. A tenant's policy (or its absence) is kept for
/// <c>Policy:CacheSeconds</c> from the moment its storage read began, measured on the monotonic clock (a step of the
/// wall clock cannot stretch it); only one storage read per tenant runs at a time, however many requests wait for it.
/// No copy is ever served once <see cref="RotationWindow.StaleLimit"/> has passed since its read began: not when
/// storage fails (then a copy within the limit is served stale, and without one the answer is 503), and not when a
/// read itself took that long. Such a copy could be older than an id the rotator has published since (RFC 8461 §3.3),
/// and senders keep what they have and retry. An admin change made through this instance drops its copy at once
/// (<see cref="Invalidate"/>). The number of tenants kept is bounded, so requests for random unknown hosts cannot
/// exhaust memory.
/// </summary>
/// <remarks>
/// The rotation relies on these bounds: no instance serves a policy longer than <see cref="RotationWindow.StaleLimit"/>
/// after it was replaced in storage, and a new id is published only <see cref="RotationWindow.Length"/> after a change.
/// </remarks>
public sealed class PolicyCache(ITenantStore store, TimeProvider time, IOptions<PolicyOptions> options, RotationWindow window, ILogger<PolicyCache> logger, MtaStsMetrics? metrics = null)
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> reads = new(StringComparer.Ordinal);
    private readonly TimeSpan lifetime = TimeSpan.FromSeconds(options.Value.CacheSeconds);
    private readonly TimeSpan staleLimit = window.StaleLimit;
    private readonly int capacity = options.Value.MaxCachedTenants;
    private readonly Lock writes = new();
    private long generation;
    private long? lastSweep;

    public int Count => entries.Count;

    public async Task<PolicyLookup> GetAsync(string domain, CancellationToken cancellationToken)
    {
        if (entries.TryGetValue(domain, out var cached) && time.GetElapsedTime(cached.ReadStamp) < lifetime)
        {
            metrics?.PolicyRequest("hit");
            return cached.ToLookup(stale: false);
        }

        Lazy<Task<Entry>>? mine = null;
        mine = new Lazy<Task<Entry>>(() => ReadAsync(domain, mine!));
        var read = reads.GetOrAdd(domain, mine);
        try
        {
            var entry = await read.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (time.GetElapsedTime(entry.ReadStamp) >= staleLimit)
            {
                logger.LogError("The storage read for {Domain} took {Elapsed}, past the limit {Limit}; not serving what it returned", domain, time.GetElapsedTime(entry.ReadStamp), staleLimit);
                metrics?.PolicyRequest("unavailable");
                return PolicyLookup.Unavailable;
            }

            metrics?.PolicyRequest("miss");
            return entry.ToLookup(stale: false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (entries.TryGetValue(domain, out var stale) && time.GetElapsedTime(stale.ReadStamp) < staleLimit)
            {
                logger.LogWarning(e, "Storage failed for {Domain}; answering from the copy read {Age} ago", domain, time.GetElapsedTime(stale.ReadStamp));
                metrics?.PolicyRequest("stale");
                return stale.ToLookup(stale: true);
            }

            if (stale is not null)
            {
                logger.LogError(e, "Storage failed for {Domain}; the copy read {Age} ago is too old to serve (limit {Limit})", domain, time.GetElapsedTime(stale.ReadStamp), staleLimit);
            }
            else
            {
                logger.LogError(e, "Storage failed for {Domain} and no cached policy exists", domain);
            }

            metrics?.PolicyRequest("unavailable");
            return PolicyLookup.Unavailable;
        }
    }

    /// <summary>
    /// Forgets a tenant at once on this instance, after an admin change made through it: the next request reads
    /// storage, and a read already in flight (which may have seen the old policy) is not kept.
    /// </summary>
    public void Invalidate(string domain)
    {
        lock (writes)
        {
            generation++;
            reads.TryRemove(domain, out _);
            entries.TryRemove(domain, out _);
        }
    }

    private async Task<Entry> ReadAsync(string domain, Lazy<Task<Entry>> self)
    {
        var readStamp = time.GetTimestamp();
        long started;
        lock (writes)
        {
            started = generation;
        }

        try
        {
            // The read is shared by every waiting request, so no single request's cancellation may stop it.
            var text = await store.GetPolicyTextAsync(domain, CancellationToken.None).ConfigureAwait(false);
            var entry = new Entry(text is null ? null : Encoding.UTF8.GetBytes(text), readStamp);
            lock (writes)
            {
                if (generation == started)
                {
                    Remember(domain, entry);
                }
            }

            return entry;
        }
        finally
        {
            reads.TryRemove(KeyValuePair.Create(domain, self));
        }
    }

    /// <summary>Keeps <paramref name="entry"/>; when full, first drops copies past their lifetime (at most once a second).</summary>
    private void Remember(string domain, Entry entry)
    {
        if (entries.Count >= capacity && !entries.ContainsKey(domain))
        {
            var now = time.GetTimestamp();
            if (lastSweep is null || time.GetElapsedTime(lastSweep.Value, now) >= SweepInterval)
            {
                lastSweep = now;
                foreach (var (key, value) in entries)
                {
                    if (time.GetElapsedTime(value.ReadStamp, now) >= lifetime)
                    {
                        entries.TryRemove(key, out _);
                    }
                }
            }

            if (entries.Count >= capacity)
            {
                return;
            }
        }

        entries[domain] = entry;
    }

    /// <summary>A copy and when its read began, as a <see cref="TimeProvider.GetTimestamp"/> value.</summary>
    private sealed record Entry(byte[]? Body, long ReadStamp)
    {
        public PolicyLookup ToLookup(bool stale) =>
            Body is null ? PolicyLookup.NotFound : new PolicyLookup(PolicyLookupStatus.Found, Body, stale);
    }
}
