using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Policies;

public sealed class PolicyHostTests
{
    [Theory]
    [InlineData("mta-sts.example.com", "example.com")]
    [InlineData("MTA-STS.Example.COM", "example.com")]
    [InlineData("mta-sts.example.com.", "example.com")]
    [InlineData("mta-sts.example.com:443", "example.com")]
    [InlineData("mta-sts.example.com.:8443", "example.com")]
    [InlineData("mta-sts.bücher.example", "xn--bcher-kva.example")]
    [InlineData("mta-sts.xn--bcher-kva.example", "xn--bcher-kva.example")]
    public void Finds_the_tenant_domain(string host, string domain)
    {
        Assert.Equal(PolicyHostStatus.Tenant, PolicyHost.TryGetTenantDomain(host, out var found, out _));
        Assert.Equal(domain, found);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("192.0.2.1")]
    [InlineData("192.0.2.1:443")]
    [InlineData("[2001:db8::1]")]
    [InlineData("[::1]:443")]
    [InlineData("mta-sts.example.com:")]
    [InlineData("mta-sts.example.com:99999")]
    [InlineData("mta-sts.example.com:44a")]
    [InlineData("mta-sts.example.com:443:443")]
    [InlineData("mta-sts..example.com")]
    [InlineData("mta-sts.exa mple.com")]
    [InlineData("mta-sts.exa_mple.com")]
    [InlineData("mta-sts.example.com/../x")]
    [InlineData("mta-sts.example.com\r\nX-Injected: 1")]
    [InlineData("mta-sts.example.com\0")]
    [InlineData("mta-sts.-example.com")]
    [InlineData("mta-sts.xn--zz.example")]
    [InlineData(".")]
    [InlineData("..")]
    public void Refuses_malformed_hosts(string? host)
    {
        Assert.Equal(PolicyHostStatus.Malformed, PolicyHost.TryGetTenantDomain(host, out var domain, out var reason));
        Assert.Empty(domain);
        Assert.NotEmpty(reason);
    }

    [Fact]
    public void Refuses_over_long_hosts()
    {
        var host = "mta-sts." + string.Join('.', Enumerable.Repeat(new string('a', 63), 5));

        Assert.Equal(PolicyHostStatus.Malformed, PolicyHost.TryGetTenantDomain(host, out _, out _));
        Assert.Equal(PolicyHostStatus.Malformed, PolicyHost.TryGetTenantDomain(new string('a', 100_000), out _, out _));
    }

    [Theory]
    [InlineData("mta-sts.")]
    [InlineData("mta-sts")]
    [InlineData("mta-sts.com")]
    [InlineData("www.example.com")]
    [InlineData("mtasts.example.com")]
    [InlineData("localhost")]
    public void Well_formed_hosts_that_are_not_mta_sts_domain_hosts_are_not_ours(string host)
    {
        Assert.Equal(PolicyHostStatus.NotPolicyHost, PolicyHost.TryGetTenantDomain(host, out var domain, out _));
        Assert.Empty(domain);
    }
}
