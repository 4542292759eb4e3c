using Azure;

namespace MtaSts.Core.Readiness;

/// <summary>
/// The daily readiness evaluations of a tenant: the last day evaluated, its verdict, and how many daily evaluations in
/// a row said <c>ready</c> (<see cref="ReadyStreak"/>) of the policy version <see cref="PolicyVersion"/>, since
/// <see cref="StreakSince"/>, which <c>autoPromote</c> waits on (<c>Readiness:PromoteAfterDays</c>).
/// </summary>
public sealed record ReadinessState(string Domain, DateOnly LastDay, string LastVerdict, int ReadyStreak, DateTimeOffset EvaluatedAt, long PolicyVersion = 0, DateTimeOffset? StreakSince = null)
{
    public ETag? ETag { get; init; }
}
