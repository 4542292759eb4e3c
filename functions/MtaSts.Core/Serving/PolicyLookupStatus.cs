namespace MtaSts.Core.Serving;

/// <summary>The outcome of <see cref="PolicyCache.GetAsync"/>.</summary>
public enum PolicyLookupStatus
{
    Found,
    NotFound,

    /// <summary>Storage failed and no copy was cached.</summary>
    Unavailable,
}
