using MtaSts.Core.Admin;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Admin;

public sealed class CustomerRecordPlannerTests
{
    private static readonly Tenant Published = new()
    {
        Domain = "example.com",
        Policy = Support.Policies.Enforce(),
        CreatedAt = DateTimeOffset.UnixEpoch,
        PolicyChangedAt = DateTimeOffset.UnixEpoch,
        PublishedId = "20261129120000",
    };

    [Fact]
    public void Without_a_delegation_zone_we_write_the_TXT_at_mta_sts_in_the_customer_zone()
    {
        var records = new CustomerRecordPlanner(TestOptions.Serving("mtasts.example.net"), TestOptions.Dns()).For(Published);

        Assert.Collection(
            records,
            r => Assert.Equal(("mta-sts.example.com", "CNAME", "mtasts.example.net", "customer"), (r.Name, r.Type, r.Value, r.ManagedBy)),
            r => Assert.Equal(("_mta-sts.example.com", "TXT", "v=STSv1; id=20261129120000", "service"), (r.Name, r.Type, r.Value, r.ManagedBy)),
            r => Assert.Equal(("_smtp._tls.example.com", "TXT", "v=TLSRPTv1; rua=https://mtasts.example.net/tlsrpt", false), (r.Name, r.Type, r.Value, r.Required)));
    }

    [Fact]
    public void With_a_delegation_zone_the_customer_CNAMEs_mta_sts_into_it()
    {
        var records = new CustomerRecordPlanner(TestOptions.Serving(), TestOptions.Dns("Policies.Example.NET.")).For(Published with { PublishedId = null });

        Assert.Contains(records, r => r is { Name: "_mta-sts.example.com", Type: "CNAME", Value: "example.com.policies.example.net", ManagedBy: "customer" });
        Assert.Contains(records, r => r is { Name: "example.com.policies.example.net", Type: "TXT", Value: null, ManagedBy: "service" });
    }
}
