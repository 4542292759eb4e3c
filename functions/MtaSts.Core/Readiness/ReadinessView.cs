namespace MtaSts.Core.Readiness;

/// <summary>
/// <c>GET /api/tenants/{domain}/readiness</c>: the top-level <see cref="Verdict"/> (<c>ready</c>, <c>not-yet</c>,
/// <c>blocked</c>: the worst of the criteria), each criterion, the provenance classes counted as evidence, and the
/// state of <c>autoPromote</c>: how many daily evaluations in a row said ready, how many it waits for, and whether the
/// evidence criterion is met by DKIM-aligned reports alone, organizations counted by signing domain
/// (<see cref="AlignedEvidence"/>; what promotion needs by default).
/// </summary>
public sealed record ReadinessView(
    string Domain,
    string Verdict,
    string Mode,
    DateTimeOffset EvaluatedAt,
    IReadOnlyList<ReadinessCriterion> Criteria,
    IReadOnlyList<string> Evidence,
    bool AutoPromote,
    int ReadyStreak,
    int PromoteAfterDays,
    bool AlignedEvidence = false)
{
    /// <summary>A live lookup (MX or <c>_mta-sts</c>) failed: the verdict stands for this answer, but a daily evaluation does not count it.</summary>
    public bool Inconclusive { get; init; }
}
