using System.Security.Cryptography;
using System.Text;
using MtaSts.Core.Dns;
using MtaSts.Core.Policies;

namespace MtaSts.Core.FrontDoor;

/// <summary>
/// Names around a tenant's custom domain: the host senders fetch the policy from (<c>mta-sts.&lt;domain&gt;</c>,
/// RFC 8461 §3.3), its Front Door resource name, and where the DNS TXT validation token goes: Front Door looks it up
/// at <c>_dnsauth.&lt;host&gt;</c>. We write it there when the zone is ours to write (<c>Dns:DelegationZone</c> empty
/// and a DNS provider set), or at <c>&lt;domain&gt;.dnsauth.&lt;zone&gt;</c> in the delegation zone when
/// <c>FrontDoor:DelegateValidation</c> asks the customer for a CNAME to it; otherwise the customer keeps the TXT.
/// </summary>
public sealed class CustomDomainNaming(DnsOptions dns, FrontDoorOptions frontDoor)
{
    public static string HostName(string domain) => PolicyHost.Prefix + domain;

    /// <summary>A host with an A-label (<c>xn--</c>): an internationalized name, which Front Door has said it does not take.</summary>
    public static bool IsInternationalized(string host) =>
        host.Split('.').Any(label => label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase));

    /// <summary>The name Front Door looks the token up at.</summary>
    public static string ValidationName(string domain) => "_dnsauth." + HostName(domain);

    /// <summary>
    /// The custom domain's resource name: the host with dots as hyphens (Front Door names take letters, digits and
    /// hyphens), cut to fit, and 8 hex digits of its hash so that <c>a-b.example</c> and <c>a.b-example</c> differ.
    /// </summary>
    public static string ResourceName(string domain)
    {
        var slug = HostName(domain).Replace('.', '-');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(domain)))[..8];
        slug = slug.Length > 200 ? slug[..200].TrimEnd('-') : slug;
        return $"{slug}-{hash}";
    }

    /// <summary>Where we write the token ourselves, or null when the customer keeps the validation TXT.</summary>
    public DnsRecordName? WrittenValidationRecord(string domain)
    {
        if (dns.Provider == DnsProviderKind.None)
        {
            return null;
        }

        if (dns.Zone is not { } zone)
        {
            return new DnsRecordName(domain, ValidationName(domain));
        }

        return frontDoor.DelegateValidation ? new DnsRecordName(zone, $"{domain}.dnsauth.{zone}") : null;
    }

    /// <summary>The customer makes a record for validation: a one-time CNAME (delegated) or the TXT itself.</summary>
    public bool CustomerKeepsToken(string domain) => WrittenValidationRecord(domain) is null;

    /// <summary>The customer's one-time CNAME to our copy of the token, when validation is delegated.</summary>
    public bool ValidationDelegated => dns.Provider != DnsProviderKind.None && dns.Zone is not null && frontDoor.DelegateValidation;
}
