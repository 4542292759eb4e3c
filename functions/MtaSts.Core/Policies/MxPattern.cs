using System.Diagnostics.CodeAnalysis;

namespace MtaSts.Core.Policies;

/// <summary>
/// One <c>mx</c> value of a policy (RFC 8461 §3.2 <c>sts-policy-mx-value = ["*."] Domain</c>) and the MX host
/// matching of RFC 8461 §4.1: a pattern matches the identical host name, or with a leading <c>*.</c> any host
/// name with exactly one more label ("*.example.com" matches "mx.example.com" but not "a.mx.example.com").
/// Matching ignores case and a trailing dot, and compares U-labels by their A-labels.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-4.1"/>
public sealed record MxPattern
{
    private MxPattern(string value)
    {
        Value = value;
        IsWildcard = value.StartsWith("*.", StringComparison.Ordinal);
    }

    /// <summary>The pattern as written in the policy: lower-case A-labels, no trailing dot.</summary>
    public string Value { get; }

    public bool IsWildcard { get; }

    /// <summary>The part after <c>*.</c> for a wildcard, else the whole name.</summary>
    public string BaseName => IsWildcard ? Value[2..] : Value;

    /// <summary>Reads an <c>mx</c> value exactly as RFC 8461 allows it in a policy file (A-labels only, no trailing dot).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out MxPattern? pattern, [NotNullWhen(false)] out string? error) =>
        TryCreate(text, DomainName.TryParseStrict, out pattern, out error);

    /// <summary>Reads an <c>mx</c> value typed by a person: U-labels become A-labels, a trailing dot and case are dropped.</summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out MxPattern? pattern, [NotNullWhen(false)] out string? error) =>
        TryCreate(text?.Trim(), DomainName.TryNormalize, out pattern, out error);

    /// <summary>RFC 8461 §4.1 matching of one MX host name (as found in DNS) against this pattern.</summary>
    public bool Matches(string? mxHost)
    {
        if (!DomainName.TryNormalize(mxHost?.Trim(), out var host, out _))
        {
            return false;
        }

        if (!IsWildcard)
        {
            return host == Value;
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && host[(dot + 1)..] == BaseName;
    }

    /// <summary>True when any of <paramref name="patterns"/> matches <paramref name="mxHost"/>; invalid patterns never match.</summary>
    public static bool MatchesAny(string? mxHost, IEnumerable<string?> patterns) =>
        patterns.Any(p => TryNormalize(p, out var pattern, out _) && pattern.Matches(mxHost));

    public override string ToString() => Value;

    private delegate bool NameParser(string? text, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out string? error);

    private static bool TryCreate(string? text, NameParser parseName, [NotNullWhen(true)] out MxPattern? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "the mx value is empty";
            return false;
        }

        var wildcard = text.StartsWith("*.", StringComparison.Ordinal);
        var rest = wildcard ? text[2..] : text;
        if (rest.Contains('*', StringComparison.Ordinal))
        {
            error = $"'{DomainName.Printable(text)}' is not a valid mx pattern: only one leading '*.' label may be a wildcard";
            return false;
        }

        if (!parseName(rest, out var name, out error))
        {
            error = $"invalid mx '{DomainName.Printable(text)}': {error}";
            return false;
        }

        pattern = new MxPattern(wildcard ? "*." + name : name);
        return true;
    }
}
