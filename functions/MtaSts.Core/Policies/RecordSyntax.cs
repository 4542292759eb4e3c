namespace MtaSts.Core.Policies;

/// <summary>
/// The tag=value syntax that <c>_mta-sts</c> (RFC 8461 §3.1) and <c>_smtp._tls</c> (RFC 8460 §3) records share:
/// <c>*WSP ";" *WSP</c> delimiters, extension names of letters, digits, <c>_ - .</c> (at most 32, starting with a
/// letter or digit), and extension values of visible characters other than <c>;</c> and <c>=</c>.
/// </summary>
internal static class RecordSyntax
{
    public static int SkipWhitespace(string text, int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }

        return position;
    }

    public static bool IsExtensionName(string name) =>
        name.Length is >= 1 and <= 32
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    public static bool IsExtensionValueChar(char c) => c is >= '\x21' and <= '\x7e' and not ';' and not '=';
}
