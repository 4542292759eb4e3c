namespace MtaSts.Core.Policies;

/// <summary>
/// One finding about a policy: a stable <paramref name="Code"/> for scripts, a message for people, and the
/// 1-based line it refers to (0 for the policy as a whole).
/// </summary>
public sealed record PolicyDiagnostic(DiagnosticSeverity Severity, string Code, string Message, int Line = 0)
{
    public static PolicyDiagnostic Error(string code, string message, int line = 0) =>
        new(DiagnosticSeverity.Error, code, message, line);

    public static PolicyDiagnostic Warning(string code, string message, int line = 0) =>
        new(DiagnosticSeverity.Warning, code, message, line);

    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
