namespace MtaSts.Core.Checks;

/// <summary>One check of a domain: a stable id, the verdict, what was found, and for a failure a one-line fix.</summary>
public sealed record CheckResult(string Check, CheckStatus Status, string Detail, string? Fix = null)
{
    public static CheckResult Pass(string check, string detail) => new(check, CheckStatus.Pass, detail);

    public static CheckResult Warn(string check, string detail, string? fix = null) => new(check, CheckStatus.Warn, detail, fix);

    public static CheckResult Fail(string check, string detail, string fix) => new(check, CheckStatus.Fail, detail, fix);
}
