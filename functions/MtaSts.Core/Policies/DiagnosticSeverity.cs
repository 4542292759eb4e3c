namespace MtaSts.Core.Policies;

/// <summary>How serious a <see cref="PolicyDiagnostic"/> is: an error makes the policy unusable for senders.</summary>
public enum DiagnosticSeverity
{
    Warning,
    Error,
}
