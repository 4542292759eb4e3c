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
/// <c>Policy:CacheSeconds</c> from the moment its storage read began; only one storage read per tenant runs at a time,
/// however many requests wait for it. When storage fails, a copy is served stale only up to
/// <see cref="RotationWindow.StaleLimit"/> after its read began, then the answer is 503: an older copy could be older
/// than an id the rotator has published since (RFC 8461 §3.3), and senders keep what they have and retry. An admin
/// change made through this instance drops its copy at once (<see cref="Invalidate"/>). The number of tenants kept is
/// bounded, so requests for random unknown hosts cannot exhaust memory.
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
    private DateTimeOffset lastSweep = DateTimeOffset.MinValue;

    public int Count => entries.Count;

    public async Task<PolicyLookup> GetAsync(string domain, CancellationToken cancellationToken)
    {
        if (entries.TryGetValue(domain, out var cached) && time.GetUtcNow() < cached.ReadAt + lifetime)
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
            metrics?.PolicyRequest("miss");
            return entry.ToLookup(stale: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var now = time.GetUtcNow();
            if (entries.TryGetValue(domain, out var stale) && now < stale.ReadAt + staleLimit)
            {
                logger.LogWarning(e, "Storage failed for {Domain}; answering from the copy read at {ReadAt:o}", domain, stale.ReadAt);
                metrics?.PolicyRequest("stale");
                return stale.ToLookup(stale: true);
            }

            if (stale is not null)
            {
                logger.LogError(e, "Storage failed for {Domain}; the copy read at {ReadAt:o} is too old to serve (limit {Limit})", domain, stale.ReadAt, staleLimit);
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
        var readAt = time.GetUtcNow();
        long started;
        lock (writes)
        {
            started = generation;
        }

        try
        {
            // The read is shared by every waiting request, so no single request's cancellation may stop it.
            var text = await store.GetPolicyTextAsync(domain, CancellationToken.None).ConfigureAwait(false);
            var entry = new Entry(text is null ? null : Encoding.UTF8.GetBytes(text), readAt);
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
            var now = time.GetUtcNow();
            if (now - lastSweep >= SweepInterval)
            {
                lastSweep = now;
                foreach (var (key, value) in entries)
                {
                    if (now >= value.ReadAt + lifetime)
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

    private sealed record Entry(byte[]? Body, DateTimeOffset ReadAt)
    {
        public PolicyLookup ToLookup(bool stale) =>
            Body is null ? PolicyLookup.NotFound : new PolicyLookup(PolicyLookupStatus.Found, Body, stale);
    }
}
