using System.Text;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Checks;

/// <summary>
/// <c>mtasts policy lint</c>: the parser's errors and warnings (RFC 8461 §3.2) plus what a person writing a policy by
/// hand gets wrong: LF line endings (a warning: senders accept them), template placeholders and comments in values.
/// </summary>
public static class PolicyLinter
{
    private static readonly string[] Placeholders = ["your_domain", "yourdomain", "your-domain", "example.com", "example.net", "example.org", ".example", ".tld", ".invalid", "<", "[", "#"];

    public static PolicyParseResult Lint(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > StsPolicy.MaxBodyBytes)
        {
            return PolicyParser.Parse(utf8);
        }

        try
        {
            return Lint(new UTF8Encoding(false, true).GetString(utf8));
        }
        catch (DecoderFallbackException)
        {
            return PolicyParser.Parse(utf8);
        }
    }

    public static PolicyParseResult Lint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = PolicyParser.Parse(text);
        var extra = new List<PolicyDiagnostic>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var isLast = i == lines.Length - 1;
            if (!isLast && !line.EndsWith('\r'))
            {
                extra.Add(PolicyDiagnostic.Warning("lf-line-ending", "the line ends with LF only; RFC 8461 §3.2 describes CRLF (senders accept both)", i + 1));
            }

            var trimmed = line.TrimEnd('\r');
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            var value = colon > 0 ? trimmed[(colon + 1)..] : trimmed;
            var placeholder = Placeholders.FirstOrDefault(p => value.Contains(p, StringComparison.OrdinalIgnoreCase));
            if (placeholder is not null && trimmed.Length > 0)
            {
                extra.Add(PolicyDiagnostic.Warning("placeholder", $"'{placeholder}' looks like a template placeholder or comment left in the policy", i + 1));
            }
        }

        return parsed with { Diagnostics = [.. parsed.Diagnostics.Concat(extra).OrderBy(d => d.Line == 0 ? int.MaxValue : d.Line)] };
    }
}
