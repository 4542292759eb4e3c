namespace MtaSts.Core.Checks;

/// <summary>Every check of a domain, in the order a sending MTA meets them, with the policy and id found.</summary>
public sealed record DomainCheckReport(string Domain, IReadOnlyList<CheckResult> Checks, string? PolicyId = null, string? PolicyText = null)
{
    public bool HasFailures => Checks.Any(c => c.Status == CheckStatus.Fail);
}
