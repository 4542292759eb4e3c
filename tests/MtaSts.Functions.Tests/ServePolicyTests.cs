using Microsoft.AspNetCore.Http;

namespace MtaSts.Functions.Tests;

public sealed class ServePolicyTests
{
    private readonly FunctionHarness harness = new();

    public ServePolicyTests()
    {
        harness.Admin.PutAsync("example.com", "{\"mode\":\"enforce\",\"mx\":[\"mail.example.com\"]}"u8.ToArray(), default).Wait();
    }

    /// <summary>Serves <paramref name="request"/> as it arrives through our Front Door (the harness trusts its id).</summary>
    private async Task<FunctionHarness.Response> ServeAsync(HttpRequest request, bool throughFrontDoor = true, int edgeCacheSeconds = 0)
    {
        if (throughFrontDoor && !request.Headers.ContainsKey("X-Azure-FDID"))
        {
            request.Headers["X-Azure-FDID"] = FunctionHarness.FrontDoorId;
        }

        return await FunctionHarness.ExecuteAsync(await new ServePolicy(harness.PolicyHandler, Microsoft.Extensions.Options.Options.Create(new MtaSts.Core.Serving.PolicyOptions { EdgeCacheSeconds = edgeCacheSeconds })).Run(request, default), request);
    }

    [Fact]
    public async Task Get_returns_the_policy_as_text_plain_with_CRLF()
    {
        var response = await ServeAsync(FunctionHarness.Request("GET", host: "mta-sts.example.com"));

        Assert.Equal(200, response.Status);
        Assert.Equal("text/plain; charset=utf-8", response.Headers.ContentType.ToString());
        Assert.Equal("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n", response.Body);
        Assert.Equal(response.Body.Length, response.Headers.ContentLength);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.False(response.Headers.ContainsKey("Location"));
    }

    [Fact]
    public async Task With_edge_caching_a_policy_may_be_cached_by_the_edge_and_an_error_never()
    {
        var served = await ServeAsync(FunctionHarness.Request("GET", host: "mta-sts.example.com"), edgeCacheSeconds: 300);
        var missing = await ServeAsync(FunctionHarness.Request("GET", host: "mta-sts.other.example"), edgeCacheSeconds: 300);

        Assert.Equal("public, max-age=300", served.Headers.CacheControl.ToString());
        Assert.Equal(404, missing.Status);
        Assert.Equal("no-store", missing.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task Head_has_the_headers_and_no_body()
    {
        var response = await ServeAsync(FunctionHarness.Request("HEAD", host: "mta-sts.example.com:443"));

        Assert.Equal(200, response.Status);
        Assert.Equal(70, response.Headers.ContentLength);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Other_methods_get_405_with_Allow()
    {
        var response = await ServeAsync(FunctionHarness.Request("POST", "x", host: "mta-sts.example.com"));

        Assert.Equal(405, response.Status);
        Assert.Equal("GET, HEAD", response.Headers.Allow.ToString());
    }

    [Theory]
    [InlineData("mta-sts.other.example", 404)]
    [InlineData("10.0.0.1", 400)]
    [InlineData("[::1]", 400)]
    [InlineData("mta-sts.ex%41mple.com", 400)]
    public async Task Unknown_and_hostile_hosts_get_4xx(string host, int status)
    {
        var response = await ServeAsync(FunctionHarness.Request("GET", host: host));

        Assert.Equal(status, response.Status);
        Assert.DoesNotContain("version", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Front_Door_requests_use_X_Forwarded_Host()
    {
        var request = FunctionHarness.Request("GET", host: "mtasts-app.azurewebsites.net");
        request.Headers["X-Forwarded-Host"] = "mta-sts.example.com";
        request.Headers["X-Azure-FDID"] = FunctionHarness.FrontDoorId;

        Assert.Equal(200, (await ServeAsync(request)).Status);
    }

    [Fact]
    public async Task With_a_trusted_Front_Door_id_a_request_around_Front_Door_is_403()
    {
        var direct = await ServeAsync(FunctionHarness.Request("GET", host: "mta-sts.example.com"), throughFrontDoor: false);
        var otherProfile = FunctionHarness.Request("GET", host: "mta-sts.example.com");
        otherProfile.Headers["X-Azure-FDID"] = Guid.NewGuid().ToString();

        Assert.Equal(403, direct.Status);
        Assert.Equal(403, (await ServeAsync(otherProfile)).Status);
        Assert.DoesNotContain("version", direct.Body, StringComparison.Ordinal);
    }
}
