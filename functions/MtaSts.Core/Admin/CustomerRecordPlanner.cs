using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.Core.Policies;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Admin;

/// <summary>
/// Lists the DNS records that make a tenant's MTA-STS work (RFC 8461 §3.1, §3.3; RFC 8460 §3): the policy host
/// CNAME, the <c>_mta-sts</c> record (a CNAME into our delegation zone, or the TXT we write) and the optional
/// <c>_smtp._tls</c> reporting record.
/// </summary>
public sealed class CustomerRecordPlanner(IOptions<ServingOptions> serving, IOptions<DnsOptions> dns)
{
    private readonly TxtRecordNaming naming = new(dns.Value.Zone);

    public IReadOnlyList<CustomerRecord> For(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var host = serving.Value.HostName;
        var records = new List<CustomerRecord>
        {
            new(PolicyHost.Prefix + tenant.Domain, "CNAME", host, "customer", true,
                "Serves https://mta-sts." + tenant.Domain + "/.well-known/mta-sts.txt from this service."),
        };

        var txtValue = tenant.PublishedId is { } id ? StsTxtRecord.Format(id) : null;
        if (naming.DelegationZone is { } zone)
        {
            records.Add(new("_mta-sts." + tenant.Domain, "CNAME", naming.RecordName(tenant.Domain), "customer", true,
                "Points the policy id lookup at the TXT record this service keeps in " + zone + "."));
            records.Add(new(naming.RecordName(tenant.Domain), "TXT", txtValue, "service", true,
                "The policy id; this service changes it whenever the policy changes."));
        }
        else
        {
            records.Add(new(naming.RecordName(tenant.Domain), "TXT", txtValue, "service", true,
                "The policy id; this service writes it in the zone " + tenant.Domain + ", which it must be allowed to update."));
        }

        records.Add(new("_smtp._tls." + tenant.Domain, "TXT", $"v=TLSRPTv1; rua=https://{host}/tlsrpt", "customer", false,
            "Optional: asks senders for daily TLS reports (RFC 8460), delivered to this service."));
        return records;
    }
}
