namespace MtaSts.Core.Dns;

/// <summary>
/// The TXT records at a name as a provider read them, each record's character-strings joined (RFC 7208 §3.3 style,
/// as RFC 8461 §3.1 senders read them), with what the provider needs to write conditionally: an ETag (Azure DNS) or
/// the records themselves, as the character-strings they were read as (<see cref="Strings"/>, RFC 2136
/// prerequisites must match the RDATA exactly).
/// </summary>
public sealed record TxtRecordSet(IReadOnlyList<string> Records, string? Version = null, IReadOnlyList<IReadOnlyList<string>>? Strings = null)
{
    public static readonly TxtRecordSet Empty = new([]);

    /// <summary>RFC 8461 §3.1: the strings a sender would take for MTA-STS records start with <c>v=STSv1</c>.</summary>
    public static bool IsStsString(string record) => record.StartsWith("v=STSv1", StringComparison.Ordinal);

    /// <summary>The records with every <c>v=STSv1</c> string removed and <paramref name="stsRecord"/> (if any) added.</summary>
    public IReadOnlyList<string> WithStsRecord(string? stsRecord) =>
        [.. Records.Where(r => !IsStsString(r)), .. stsRecord is null ? Array.Empty<string>() : [stsRecord]];

    /// <summary>
    /// <see cref="WithStsRecord"/> as character-strings: the records kept exactly as they were read, ours split into
    /// strings of at most 255 characters (RFC 1035 §3.3.14).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> WithStsRecordStrings(string? stsRecord) =>
    [
        .. Records.Select((record, i) => (record, i)).Where(r => !IsStsString(r.record)).Select(r => StringsOf(r.i)),
        .. stsRecord is null ? Array.Empty<IReadOnlyList<string>>() : [Split(stsRecord)],
    ];

    /// <summary>The character-strings record <paramref name="index"/> was read as (split afresh when unknown).</summary>
    public IReadOnlyList<string> StringsOf(int index) =>
        Strings is { } strings && index < strings.Count ? strings[index] : Split(Records[index]);

    /// <summary>A TXT character-string holds at most 255 bytes (RFC 1035 §3.3.14); longer text is split.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [string.Empty];
        }

        var parts = new List<string>();
        for (var i = 0; i < text.Length; i += 255)
        {
            parts.Add(text.Substring(i, Math.Min(255, text.Length - i)));
        }

        return parts;
    }
}
