namespace MtaSts.Core.Reports;

/// <summary>The DKIM result of an e-mailed report: <c>pass</c> (with the signing domain), <c>fail</c> or <c>none</c>.</summary>
public sealed record DkimVerdict(string Result, string? Domain, string? Detail)
{
    public bool Passed => Result == "pass";
}
