using MtaSts.Core.Policies;

namespace MtaSts.Core.Dns;

/// <summary>
/// Settings under <c>Dns</c>. With <see cref="DelegationZone"/> set, a tenant's TXT record is
/// <c>&lt;domain&gt;.&lt;zone&gt;</c> and the customer CNAMEs <c>_mta-sts.&lt;domain&gt;</c> to it; when empty, we write
/// <c>_mta-sts.&lt;domain&gt;</c> in the zone <c>&lt;domain&gt;</c> ourselves.
/// </summary>
public sealed class DnsOptions
{
    public const string Section = "Dns";

    public DnsProviderKind Provider { get; set; } = DnsProviderKind.None;

    public string? DelegationZone { get; set; }

    public Rfc2136Options Rfc2136 { get; set; } = new();

    public AzureDnsOptions AzureDns { get; set; } = new();

    /// <summary>The zone as a normalised A-label name, or null.</summary>
    public string? Zone => DomainName.TryNormalize(DelegationZone, out var zone, out _) ? zone : null;

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(DelegationZone) && !DomainName.TryNormalize(DelegationZone, out _, out var error))
        {
            yield return $"Dns:DelegationZone is not a valid zone name: {error}";
        }

        var provider = Provider switch
        {
            DnsProviderKind.Rfc2136 => Rfc2136.Validate(),
            DnsProviderKind.AzureDns => AzureDns.Validate(),
            _ => [],
        };
        foreach (var problem in provider)
        {
            yield return problem;
        }
    }
}
