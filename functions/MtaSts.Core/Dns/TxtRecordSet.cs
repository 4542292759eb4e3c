namespace MtaSts.Core.Dns;

/// <summary>
/// The TXT records at a name as a provider read them, each record's character-strings joined, with what the provider
/// needs to write conditionally: an ETag (Azure DNS) or the records themselves (RFC 2136 prerequisites).
/// </summary>
public sealed record TxtRecordSet(IReadOnlyList<string> Records, string? Version = null)
{
    public static readonly TxtRecordSet Empty = new([]);

    /// <summary>RFC 8461 §3.1: the strings a sender would take for MTA-STS records start with <c>v=STSv1</c>.</summary>
    public static bool IsStsString(string record) => record.StartsWith("v=STSv1", StringComparison.Ordinal);

    /// <summary>The records with every <c>v=STSv1</c> string removed and <paramref name="stsRecord"/> (if any) added.</summary>
    public IReadOnlyList<string> WithStsRecord(string? stsRecord) =>
        [.. Records.Where(r => !IsStsString(r)), .. stsRecord is null ? Array.Empty<string>() : [stsRecord]];
}
