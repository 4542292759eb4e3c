namespace MtaSts.Core.Policies;

/// <summary>
/// What <see cref="PolicyParser"/> found: the policy a sending MTA would apply (null when any error makes the
/// policy unusable, RFC 8461 §3.3) and every error and warning with its line.
/// </summary>
public sealed record PolicyParseResult(StsPolicy? Policy, IReadOnlyList<PolicyDiagnostic> Diagnostics)
{
    public bool IsValid => Policy is not null;

    public IEnumerable<PolicyDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<PolicyDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);
}
