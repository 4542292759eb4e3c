using System.Text;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Serving;

public sealed class PolicyRequestHandlerTests
{
    private const string FrontDoorId = "6a1c0f4e-3b7e-4a4e-9d0e-0c3f5f8d2a11";
    private readonly InMemoryTenantStore store = new();
    private readonly FakeTimeProvider time = new();

    public PolicyRequestHandlerTests()
    {
        store.AddAsync(new Tenant { Domain = "example.com", Policy = Support.Policies.Testing(), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default).Wait();
    }

    private PolicyRequestHandler Handler(string? frontDoorId = null) => new(
        new PolicyCache(store, time, TestOptions.Policy(), TestOptions.Window(), NullLogger<PolicyCache>.Instance),
        TestOptions.Proxy(frontDoorId),
        NullLogger<PolicyRequestHandler>.Instance);

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public async Task Serves_the_tenant_policy_with_CRLF(string method)
    {
        var response = await Handler().HandleAsync(new PolicyRequest(method, "mta-sts.example.com"), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("version: STSv1\r\nmode: testing\r\nmx: mail.example.com\r\nmax_age: 86400\r\n", Encoding.UTF8.GetString(response.Body!));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("get")]
    public async Task Other_methods_get_405_with_Allow(string method)
    {
        var response = await Handler().HandleAsync(new PolicyRequest(method, "mta-sts.example.com"), default);

        Assert.Equal(405, response.StatusCode);
        Assert.Equal("GET, HEAD", response.Allow);
    }

    [Theory]
    [InlineData("mta-sts.unknown.example", 404)]
    [InlineData("www.example.com", 404)]
    [InlineData("mta-sts.", 404)]
    [InlineData("", 400)]
    [InlineData("127.0.0.1", 400)]
    [InlineData("mta-sts.exa<script>.com", 400)]
    public async Task Unknown_or_malformed_hosts_get_4xx(string host, int status)
    {
        var response = await Handler().HandleAsync(new PolicyRequest("GET", host), default);

        Assert.Equal(status, response.StatusCode);
        Assert.Null(response.Body);
    }

    [Fact]
    public async Task X_Forwarded_Host_is_used_only_with_the_trusted_Front_Door_id()
    {
        var forwarded = new PolicyRequest("GET", "app.azurewebsites.net", "mta-sts.example.com", FrontDoorId);

        Assert.Equal(404, (await Handler().HandleAsync(forwarded, default)).StatusCode);
        Assert.Equal(200, (await Handler(FrontDoorId).HandleAsync(forwarded, default)).StatusCode);
        Assert.Equal(403, (await Handler(FrontDoorId).HandleAsync(forwarded with { FrontDoorId = Guid.NewGuid().ToString() }, default)).StatusCode);
        Assert.Equal(403, (await Handler(FrontDoorId).HandleAsync(forwarded with { FrontDoorId = null }, default)).StatusCode);
        Assert.Equal(403, (await Handler(FrontDoorId).HandleAsync(new PolicyRequest("GET", "mta-sts.example.com"), default)).StatusCode);
        Assert.Equal(200, (await Handler(FrontDoorId).HandleAsync(forwarded with { ForwardedHost = "mta-sts.example.com, evil.example" }, default)).StatusCode);
    }

    [Fact]
    public async Task Storage_fault_without_a_cached_copy_is_503_without_details()
    {
        store.BeforeRead = _ => throw new RequestFailedException(503, "account xyz is throttled");

        var response = await Handler().HandleAsync(new PolicyRequest("GET", "mta-sts.example.com"), default);

        Assert.Equal(503, response.StatusCode);
        Assert.DoesNotContain("xyz", response.Message, StringComparison.Ordinal);
    }
}
