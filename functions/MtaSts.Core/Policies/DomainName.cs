using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MtaSts.Core.Policies;

/// <summary>
/// Host-name checks and normalisation to lower-case A-labels (RFC 5890 IDNA, RFC 1123 LDH labels).
/// MTA-STS compares MX host names by A-label (RFC 8461 §4.1), and every name we store or serve is an A-label.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc5890"/>
public static class DomainName
{
    /// <summary>RFC 1035 §2.3.4: a name is at most 253 characters in text form without the root dot.</summary>
    public const int MaxLength = 253;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>
    /// Checks a name that must already be a lower- or upper-case A-label name without a trailing dot, as in a
    /// policy file's <c>mx</c> line, and returns it lower-cased.
    /// </summary>
    public static bool TryParseStrict(string? text, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "the name is empty";
            return false;
        }

        if (!IsAscii(text))
        {
            error = $"'{Printable(text)}' is not an A-label name (IDN names must be written as xn-- labels)";
            return false;
        }

        var lower = text.ToLowerInvariant();
        if (!IsValidLdhName(lower, out error))
        {
            return false;
        }

        name = lower;
        return true;
    }

    /// <summary>
    /// Normalises a name typed by a person or sent by a client: one trailing dot removed, Unicode (U-labels)
    /// converted to A-labels, lower-cased, then checked as an LDH host name.
    /// </summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "the name is empty";
            return false;
        }

        if (text.Length > MaxLength + 1)
        {
            error = $"the name is longer than {MaxLength} characters";
            return false;
        }

        var trimmed = text.EndsWith('.') ? text[..^1] : text;
        string ascii;
        if (IsAscii(trimmed))
        {
            ascii = trimmed.ToLowerInvariant();
        }
        else
        {
            try
            {
                ascii = Idn.GetAscii(trimmed).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                error = $"'{Printable(text)}' is not a valid internationalised domain name";
                return false;
            }
        }

        if (!IsValidLdhName(ascii, out error))
        {
            return false;
        }

        name = ascii;
        return true;
    }

    /// <summary>Counts the labels of a valid name.</summary>
    public static int LabelCount(string name) => name.Count(c => c == '.') + 1;

    private static bool IsValidLdhName(string name, [NotNullWhen(false)] out string? error)
    {
        if (name.Length > MaxLength)
        {
            error = $"the name is longer than {MaxLength} characters";
            return false;
        }

        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (!IsValidLabel(label, out error))
            {
                error = $"'{Printable(name)}' is not a valid host name: {error}";
                return false;
            }
        }

        if (labels[^1].All(char.IsAsciiDigit))
        {
            error = $"'{Printable(name)}' is an IP address or has an all-numeric top-level label, not a host name";
            return false;
        }

        error = null;
        return true;
    }

    private static bool IsValidLabel(string label, [NotNullWhen(false)] out string? error)
    {
        error = label switch
        {
            "" => "it has an empty label",
            { Length: > 63 } => "a label is longer than 63 characters",
            _ when label[0] == '-' || label[^1] == '-' => $"the label '{label}' starts or ends with a hyphen",
            _ when !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') => $"the label '{label}' has a character other than a-z, 0-9 and '-'",
            _ when label.Length >= 4 && label[2] == '-' && label[3] == '-' && !IsValidALabel(label) => $"the label '{label}' is not a valid A-label",
            _ => null,
        };
        return error is null;
    }

    private static bool IsValidALabel(string label)
    {
        if (!label.StartsWith("xn--", StringComparison.Ordinal))
        {
            return false; // RFC 5891 §4.2.3.1: hyphens in both the third and fourth positions are reserved for xn--.
        }

        try
        {
            var unicode = Idn.GetUnicode(label);
            return string.Equals(Idn.GetAscii(unicode), label, StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsAscii(string text) => text.All(char.IsAscii);

    /// <summary>Shortens and escapes a hostile name so that it can be echoed in a message safely.</summary>
    public static string Printable(string text)
    {
        var shortened = text.Length > 80 ? text[..80] + "…" : text;
        return new string(shortened.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
