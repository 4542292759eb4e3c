namespace MtaSts.Core.Dns;

/// <summary>
/// Where a tenant's <c>v=STSv1</c> TXT record lives (RFC 8461 §3.1 looks it up at <c>_mta-sts.&lt;domain&gt;</c>,
/// following CNAMEs): directly there in the zone <c>&lt;domain&gt;</c>, or at <c>&lt;domain&gt;.&lt;zone&gt;</c> in our
/// delegation zone, which the customer's <c>_mta-sts</c> name is a CNAME to.
/// </summary>
public sealed record TxtRecordNaming(string? DelegationZone)
{
    public string RecordName(string domain) =>
        DelegationZone is null ? "_mta-sts." + domain : domain + "." + DelegationZone;

    public string ZoneName(string domain) => DelegationZone ?? domain;
}
