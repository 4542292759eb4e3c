using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Telemetry;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Serving;

/// <summary>
/// The in-memory policy cache of one serving instance. A tenant's policy (or its absence) is kept for
/// <c>Policy:CacheSeconds</c>; only one storage read per tenant runs at a time, however many requests wait for it.
/// When storage fails, an expired copy is served rather than an error. The number of tenants kept is bounded, so
/// requests for random unknown hosts cannot exhaust memory.
/// </summary>
/// <remarks>
/// The rotation relies on the bound: a policy change reaches every instance within CacheSeconds (unless storage
/// is down, when the old copy is served on purpose), and only then is the DNS id changed (RFC 8461 §3.3).
/// </remarks>
public sealed class PolicyCache(ITenantStore store, TimeProvider time, IOptions<PolicyOptions> options, ILogger<PolicyCache> logger, MtaStsMetrics? metrics = null)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> reads = new(StringComparer.Ordinal);
    private readonly TimeSpan lifetime = TimeSpan.FromSeconds(options.Value.CacheSeconds);
    private readonly int capacity = options.Value.MaxCachedTenants;

    public int Count => entries.Count;

    public async Task<PolicyLookup> GetAsync(string domain, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (entries.TryGetValue(domain, out var cached) && cached.ExpiresAt > now)
        {
            metrics?.PolicyRequest("hit");
            return cached.ToLookup(stale: false);
        }

        var read = reads.GetOrAdd(domain, d => new Lazy<Task<Entry>>(() => ReadAsync(d)));
        try
        {
            var entry = await read.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            metrics?.PolicyRequest("miss");
            return entry.ToLookup(stale: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (entries.TryGetValue(domain, out var stale))
            {
                logger.LogWarning(e, "Storage failed for {Domain}; answering from the copy cached at {CachedAt:o}", domain, stale.ExpiresAt - lifetime);
                metrics?.PolicyRequest("stale");
                return stale.ToLookup(stale: true);
            }

            logger.LogError(e, "Storage failed for {Domain} and no cached policy exists", domain);
            metrics?.PolicyRequest("unavailable");
            return PolicyLookup.Unavailable;
        }
    }

    /// <summary>Forgets a tenant at once on this instance (used after admin changes in the same process).</summary>
    public void Invalidate(string domain) => entries.TryRemove(domain, out _);

    private async Task<Entry> ReadAsync(string domain)
    {
        try
        {
            // The read is shared by every waiting request, so no single request's cancellation may stop it.
            var text = await store.GetPolicyTextAsync(domain, CancellationToken.None).ConfigureAwait(false);
            var entry = new Entry(text is null ? null : Encoding.UTF8.GetBytes(text), time.GetUtcNow() + lifetime);
            Remember(domain, entry);
            return entry;
        }
        finally
        {
            reads.TryRemove(domain, out _);
        }
    }

    private void Remember(string domain, Entry entry)
    {
        if (entries.Count >= capacity && !entries.ContainsKey(domain))
        {
            var now = time.GetUtcNow();
            foreach (var (key, value) in entries)
            {
                if (value.ExpiresAt <= now)
                {
                    entries.TryRemove(key, out _);
                }
            }

            if (entries.Count >= capacity)
            {
                return;
            }
        }

        entries[domain] = entry;
    }

    private sealed record Entry(byte[]? Body, DateTimeOffset ExpiresAt)
    {
        public PolicyLookup ToLookup(bool stale) =>
            Body is null ? PolicyLookup.NotFound : new PolicyLookup(PolicyLookupStatus.Found, Body, stale);
    }
}
