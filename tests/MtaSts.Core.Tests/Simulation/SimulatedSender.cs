namespace MtaSts.Core.Tests.Simulation;

/// <summary>
/// A sending MTA as RFC 8461 §5 describes it: it looks up <c>_mta-sts</c> (keeping the answer for its DNS TTL),
/// fetches the policy when it has none, when its copy expired or when the id changed, and keeps a fetched policy for
/// max_age, going on using it when DNS or HTTPS fail. A renewing sender (<paramref name="renews"/>, as Postfix's
/// resolver does) restarts a copy's max_age each time it sees the same id again; the others refetch a copy past half
/// its max_age.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-5"/>
public sealed class SimulatedSender(int index, int dnsTtlSeconds, bool renews)
{
    public bool Renews { get; } = renews;

    private readonly Dictionary<string, (IReadOnlyList<string> Records, long SeenAt)> dnsCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CachedPolicy> policies = new(StringComparer.Ordinal);

    public int Index { get; } = index;

    public int DnsTtlSeconds { get; } = dnsTtlSeconds;

    /// <summary>The TXT records of <paramref name="name"/> as this sender sees them: from its cache while the TTL lasts.</summary>
    public IReadOnlyList<string> LookUp(string name, long now, Func<IReadOnlyList<string>> resolve)
    {
        if (dnsCache.TryGetValue(name, out var cached) && now - cached.SeenAt < DnsTtlSeconds)
        {
            return cached.Records;
        }

        var records = resolve();
        dnsCache[name] = (records, now);
        return records;
    }

    public bool NeedsFetch(string domain, string id, long now) =>
        !policies.TryGetValue(domain, out var held) || held.Id != id || now >= held.ExpiresAt || (!Renews && now - held.StoredAt >= held.MaxAge / 2);

    /// <summary>The same id again: a renewing sender restarts its copy's max_age.</summary>
    public void SawSameId(string domain, long now)
    {
        if (Renews && policies.TryGetValue(domain, out var held))
        {
            policies[domain] = held with { StoredAt = now, ExpiresAt = now + held.MaxAge };
        }
    }

    public void Store(string domain, string id, string text, long maxAge, long now) =>
        policies[domain] = new CachedPolicy(id, text, maxAge, now, now + maxAge);

    public CachedPolicy? Held(string domain, long now) =>
        policies.TryGetValue(domain, out var held) && now < held.ExpiresAt ? held : null;

    /// <summary>A policy this sender keeps: under which id, its text, and until when.</summary>
    public sealed record CachedPolicy(string Id, string Text, long MaxAge, long StoredAt, long ExpiresAt);
}
