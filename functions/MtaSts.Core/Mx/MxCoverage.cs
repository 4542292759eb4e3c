using MtaSts.Core.Policies;

namespace MtaSts.Core.Mx;

/// <summary>
/// How a policy's <c>mx</c> patterns (RFC 8461 §4.1 matching) cover a live MX set, and the list <c>mxSync: auto</c>
/// makes of them: every pattern that still matches a live host is kept as it is (wildcards included), each live host
/// no pattern matches is added by its exact name, and patterns that match no live host are dropped.
/// </summary>
public static class MxCoverage
{
    /// <summary>Live hosts no pattern matches: in <c>enforce</c>, mail to them bounces.</summary>
    public static IReadOnlyList<string> Uncovered(IReadOnlyList<string> patterns, IReadOnlyList<string> hosts) =>
        hosts.Where(h => !MxPattern.MatchesAny(h, patterns)).ToArray();

    /// <summary>Patterns that match no live host.</summary>
    public static IReadOnlyList<string> Unused(IReadOnlyList<string> patterns, IReadOnlyList<string> hosts) =>
        patterns.Where(p => !hosts.Any(h => MxPattern.MatchesAny(h, [p]))).ToArray();

    /// <summary>The <c>mx</c> list that covers exactly the live hosts (see the type's summary); null when there is no host to cover.</summary>
    public static IReadOnlyList<string>? Synced(IReadOnlyList<string> patterns, IReadOnlyList<string> hosts)
    {
        if (hosts.Count == 0)
        {
            return null;
        }

        var kept = patterns.Where(p => hosts.Any(h => MxPattern.MatchesAny(h, [p]))).ToList();
        kept.AddRange(Uncovered(kept, hosts));
        return kept;
    }
}
