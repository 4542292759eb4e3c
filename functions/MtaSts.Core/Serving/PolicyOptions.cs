namespace MtaSts.Core.Serving;

/// <summary>Settings under <c>Policy</c>: how long a serving instance may keep a policy in memory.</summary>
public sealed class PolicyOptions
{
    public const string Section = "Policy";

    /// <summary><c>Policy:CacheSeconds</c>, default 60. The rotation waits at least this long after a change.</summary>
    public int CacheSeconds { get; set; } = 60;

    /// <summary><c>Policy:MaxCachedTenants</c>, default 100000: bounds the memory hostile Host headers can take.</summary>
    public int MaxCachedTenants { get; set; } = 100_000;

    /// <summary>
    /// <c>Policy:EdgeCacheSeconds</c>, default 0: how long Front Door's route may cache a served policy
    /// (<c>Cache-Control: public, max-age=N</c>; 0 sends <c>no-store</c>). It is added to the rotation window, since an
    /// edge copy can be that much older than the origin's.
    /// </summary>
    public int EdgeCacheSeconds { get; set; }

    /// <summary>The <c>Cache-Control</c> of a served policy (errors are never cached).</summary>
    public string PolicyCacheControl => EdgeCacheSeconds > 0 ? $"public, max-age={EdgeCacheSeconds}" : "no-store";

    public IEnumerable<string> Validate()
    {
        if (CacheSeconds is < 1 or > 3600)
        {
            yield return $"Policy:CacheSeconds must be between 1 and 3600 seconds (it is {CacheSeconds})";
        }

        if (EdgeCacheSeconds is < 0 or > 3600)
        {
            yield return $"Policy:EdgeCacheSeconds must be between 0 (no edge caching) and 3600 seconds (it is {EdgeCacheSeconds})";
        }

        if (MaxCachedTenants is < 1 or > 10_000_000)
        {
            yield return $"Policy:MaxCachedTenants must be between 1 and 10000000 (it is {MaxCachedTenants})";
        }
    }
}
