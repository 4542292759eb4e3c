namespace MtaSts.Core.Serving;

/// <summary>Settings under <c>Policy</c>: how long a serving instance may keep a policy in memory.</summary>
public sealed class PolicyOptions
{
    public const string Section = "Policy";

    /// <summary><c>Policy:CacheSeconds</c>, default 60. The rotation waits at least this long after a change.</summary>
    public int CacheSeconds { get; set; } = 60;

    /// <summary><c>Policy:MaxCachedTenants</c>, default 100000: bounds the memory hostile Host headers can take.</summary>
    public int MaxCachedTenants { get; set; } = 100_000;

    public IEnumerable<string> Validate()
    {
        if (CacheSeconds is < 1 or > 3600)
        {
            yield return $"Policy:CacheSeconds must be between 1 and 3600 seconds (it is {CacheSeconds})";
        }

        if (MaxCachedTenants is < 1 or > 10_000_000)
        {
            yield return $"Policy:MaxCachedTenants must be between 1 and 10000000 (it is {MaxCachedTenants})";
        }
    }
}
