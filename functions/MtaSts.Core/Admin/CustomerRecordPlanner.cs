using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.Core.FrontDoor;
using MtaSts.Core.Policies;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Admin;

/// <summary>
/// Lists the DNS records that make a tenant's MTA-STS work (RFC 8461 §3.1, §3.3; RFC 8460 §3): the policy host
/// CNAME, the <c>_mta-sts</c> record (a CNAME into our delegation zone, or the TXT we write) and the optional
/// <c>_smtp._tls</c> reporting record. With Front Door onboarding, the policy host CNAME points at the tenant's own
/// shard's endpoint, and the certificate's validation token is listed: a TXT we keep, a one-time CNAME to where we
/// keep it, or a TXT the customer copies (its value changes when Front Door refreshes the token).
/// </summary>
public sealed class CustomerRecordPlanner(IOptions<ServingOptions> serving, IOptions<DnsOptions> dns, IOptions<FrontDoorOptions>? frontDoor = null)
{
    private readonly TxtRecordNaming naming = new(dns.Value.Zone);
    private readonly CustomDomainNaming validation = new(dns.Value, frontDoor?.Value ?? new FrontDoorOptions());

    public IReadOnlyList<CustomerRecord> For(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var host = serving.Value.HostName;
        var shard = frontDoor?.Value.Shard(tenant.CustomDomain?.Shard);
        var records = new List<CustomerRecord>
        {
            new(PolicyHost.Prefix + tenant.Domain, "CNAME", shard?.EndpointHost ?? host, "customer", true,
                "Serves https://mta-sts." + tenant.Domain + "/.well-known/mta-sts.txt from this service."),
        };

        if (shard is not null)
        {
            AddValidationRecords(tenant, records);
        }

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

    /// <summary>Front Door validates the certificate's domain by a TXT at <c>_dnsauth.mta-sts.&lt;domain&gt;</c>.</summary>
    private void AddValidationRecords(Tenant tenant, List<CustomerRecord> records)
    {
        var name = CustomDomainNaming.ValidationName(tenant.Domain);
        var token = tenant.CustomDomain!.ValidationToken;
        const string Purpose = "Front Door checks this token before it issues the certificate for mta-sts.";
        if (validation.ValidationDelegated)
        {
            var ours = validation.WrittenValidationRecord(tenant.Domain)!.Name;
            records.Add(new(name, "CNAME", ours, "customer", true, Purpose + " Points at the copy this service keeps and refreshes; create it once."));
            records.Add(new(ours, "TXT", token, "service", true, Purpose));
        }
        else if (validation.WrittenValidationRecord(tenant.Domain) is not null)
        {
            records.Add(new(name, "TXT", token, "service", true, Purpose + " This service writes it in the zone " + tenant.Domain + "."));
        }
        else
        {
            records.Add(new(name, "TXT", token, "customer", true, Purpose + " Its value changes when Front Door refreshes the token (about every 7 days until validated)."));
        }
    }
}
