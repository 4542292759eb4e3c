using System.Text;

namespace MtaSts.Core.Reports;

/// <summary>
/// Text from reports is hostile: before it is stored in a Table property or used as a breakdown key it is bounded,
/// control characters become <c>?</c>, and a surrogate left alone by the cut (or sent alone) becomes <c>?</c> too,
/// so no value can exceed a property's limit or fail to encode.
/// </summary>
public static class StoredText
{
    /// <summary>Result types are short names (RFC 8460 §4.4): longer ones are cut here.</summary>
    public const int MaxResultType = 64;

    /// <summary>A host name has at most 253 characters (RFC 1035 §2.3.4).</summary>
    public const int MaxHostName = 253;

    /// <summary>Organization names and report ids are shown, not parsed: 128 characters keep breakdowns small.</summary>
    public const int MaxName = 128;

    /// <summary>Other stored fields (contact-info, addresses, reason codes).</summary>
    public const int MaxField = 512;

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Clean(string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        var cut = text.Length > maxLength ? text[..maxLength] : text;
        var builder = new StringBuilder(cut.Length);
        for (var i = 0; i < cut.Length; i++)
        {
            var c = cut[i];
            if (char.IsHighSurrogate(c) && i + 1 < cut.Length && char.IsLowSurrogate(cut[i + 1]))
            {
                builder.Append(c).Append(cut[++i]);
            }
            else
            {
                builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? '?' : c);
            }
        }

        return builder.ToString();
    }
}
