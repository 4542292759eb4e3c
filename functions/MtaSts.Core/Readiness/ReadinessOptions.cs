namespace MtaSts.Core.Readiness;

/// <summary>
/// <c>Readiness:</c> settings: the rubric that says when a tenant in <c>testing</c> may go to <c>enforce</c> (README:
/// "Readiness"), and how many daily <c>ready</c> verdicts in a row <c>autoPromote</c> waits for.
/// </summary>
public sealed class ReadinessOptions
{
    public const string Section = "Readiness";

    /// <summary>RFC 8460 result types that <c>enforce</c> turns into non-delivery (RFC 8461 §5: a sender that cannot validate the MX does not deliver).</summary>
    public static readonly IReadOnlyList<string> DefaultBlockingTypes =
        ["starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted", "validation-failure"];

    /// <summary>Days the tenant must have been in <c>testing</c>.</summary>
    public int TestingDays { get; set; } = 14;

    /// <summary>Days of reports looked at for evidence.</summary>
    public int EvidenceDays { get; set; } = 14;

    /// <summary>Distinct reporting organizations needed in <see cref="EvidenceDays"/>.</summary>
    public int MinOrganizations { get; set; } = 2;

    /// <summary>Sessions (successful and failed) needed in <see cref="EvidenceDays"/>.</summary>
    public long MinSessions { get; set; } = 100;

    /// <summary>Days that must be free of blocking failures.</summary>
    public int CleanDays { get; set; } = 7;

    /// <summary>Days the <c>mta-sts</c> certificate must still be valid for, where it is known.</summary>
    public int CertificateDays { get; set; } = 30;

    /// <summary>Daily <c>ready</c> verdicts in a row before <c>autoPromote</c> switches to <c>enforce</c>.</summary>
    public int PromoteAfterDays { get; set; } = 3;

    /// <summary>
    /// <c>autoPromote</c> switches a tenant only when the evidence criterion is met by DKIM-aligned e-mail reports alone
    /// (anyone can post to <c>/tlsrpt</c>, so HTTPS reports may be forged to look like evidence). On by default.
    /// </summary>
    public bool PromoteOnAlignedEvidence { get; set; } = true;

    /// <summary>An <c>EvaluateTenants</c> run starts no tenant after this many seconds; the next run goes on with the rest.</summary>
    public int RunSeconds { get; set; } = 240;

    /// <summary>Tenants evaluated at once.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>Result types that block (comma-separated); every <c>sts-*</c> type blocks too.</summary>
    public string BlockingTypes { get; set; } = string.Join(',', DefaultBlockingTypes);

    public IReadOnlySet<string> BlockingTypeSet =>
        BlockingTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether failures of <paramref name="resultType"/> keep a tenant from <c>enforce</c>; so do failures folded into
    /// <c>(other)</c> when a day had too many kinds to keep apart, since they may hide blocking ones.
    /// </summary>
    public bool Blocks(string resultType) =>
        resultType.StartsWith("sts-", StringComparison.Ordinal) || resultType == Reports.FailureCount.Other || BlockingTypeSet.Contains(resultType);

    public IEnumerable<string> Problems()
    {
        foreach (var (name, value, min, max) in new (string, long, long, long)[]
        {
            ("TestingDays", TestingDays, 0, 365), ("EvidenceDays", EvidenceDays, 1, 90), ("MinOrganizations", MinOrganizations, 0, 100),
            ("MinSessions", MinSessions, 0, long.MaxValue), ("CleanDays", CleanDays, 1, 90), ("CertificateDays", CertificateDays, 0, 365),
            ("PromoteAfterDays", PromoteAfterDays, 1, 90), ("RunSeconds", RunSeconds, 10, 3600), ("Parallelism", Parallelism, 1, 32),
        })
        {
            if (value < min || value > max)
            {
                yield return $"Readiness:{name} must be between {min} and {max} (it is {value})";
            }
        }

        if (CleanDays > EvidenceDays)
        {
            yield return $"Readiness:CleanDays ({CleanDays}) must not be longer than Readiness:EvidenceDays ({EvidenceDays})";
        }
    }
}
