namespace MtaSts.Core.Dns;

/// <summary>A record's owner name and the zone it is written in (both lower-case A-labels, no trailing dot).</summary>
public sealed record DnsRecordName(string Zone, string Name)
{
    /// <summary>The name relative to the zone, as Azure DNS record sets are named (<c>@</c> for the apex).</summary>
    public string RelativeName => Name == Zone ? "@" : Name[..^(Zone.Length + 1)];

    public override string ToString() => Name;
}
