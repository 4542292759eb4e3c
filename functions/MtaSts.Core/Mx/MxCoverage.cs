using MtaSts.Core.Policies;

namespace MtaSts.Core.Mx;

/// <summary>
/// How a policy's <c>mx</c> patterns (RFC 8461 §4.1 matching) cover a live MX set, and the list <c>mxSync: auto</c>
/// makes of them: every pattern is kept as it is (wildcards included), and each live host no pattern matches is added by
/// its exact name. Nothing is ever dropped: a pattern that matches no live host may be an MX about to be published (the
/// safe order adds it to the policy first), so it is only told of as a notice.
/// </summary>
public static class MxCoverage
{
    /// <summary>Live hosts no pattern matches: in <c>enforce</c>, mail to them bounces.</summary>
    public static IReadOnlyList<string> Uncovered(IReadOnlyList<string> patterns, IReadOnlyList<string> hosts) =>
        hosts.Where(h => !MxPattern.MatchesAny(h, patterns)).ToArray();

    /// <summary>Patterns that match no live host.</summary>
    public static IReadOnlyList<string> Unused(IReadOnlyList<string> patterns, IReadOnlyList<string> hosts) =>
        patterns.Where(p => !hosts.Any(h => MxPattern.MatchesAny(h, [p]))).ToArray();

    /// <summary>The <c>mx</c> list that covers the live hosts too (see the type's summary); null when it already does.</summary>
    public static IReadOnlyList<string>? Synced(IReadOnlyList<string> patterns, IReadOnlyList<string> hosts)
    {
        var uncovered = Uncovered(patterns, hosts);
        return uncovered.Count == 0 ? null : [.. patterns, .. uncovered];
    }
}
