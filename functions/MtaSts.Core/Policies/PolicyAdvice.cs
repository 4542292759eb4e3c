namespace MtaSts.Core.Policies;

/// <summary>
/// Warnings about policies that are valid but unwise (RFC 8461 §3.2 and §10: a short max_age leaves
/// senders without a cached policy, which is what a downgrade attacker needs).
/// </summary>
public static class PolicyAdvice
{
    public const long OneDay = 86_400;
    public const long OneWeek = 7 * OneDay;

    public static IEnumerable<PolicyDiagnostic> For(PolicyMode mode, long maxAgeSeconds, int line = 0)
    {
        if (mode == PolicyMode.Enforce && maxAgeSeconds < OneWeek)
        {
            yield return PolicyDiagnostic.Warning(
                "max-age-short-for-enforce",
                $"max_age {maxAgeSeconds} is under one week ({OneWeek}); an enforce policy protects only while senders have it cached, so use weeks or more",
                line);
        }
        else if (mode != PolicyMode.None && maxAgeSeconds < OneDay)
        {
            yield return PolicyDiagnostic.Warning(
                "max-age-short",
                $"max_age {maxAgeSeconds} is under one day ({OneDay}); senders will refetch the policy very often",
                line);
        }
    }
}
