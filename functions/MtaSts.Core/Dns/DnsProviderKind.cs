namespace MtaSts.Core.Dns;

/// <summary><c>Dns:Provider</c>: where the <c>_mta-sts</c> TXT records are written.</summary>
public enum DnsProviderKind
{
    /// <summary>Nothing is written; the records that would be are logged (the DevHost demo default).</summary>
    None,

    /// <summary>Azure DNS through ARM REST.</summary>
    AzureDns,

    /// <summary>Any RFC 2136 server (BIND, Knot, PowerDNS, Windows DNS) with TSIG.</summary>
    Rfc2136,
}
