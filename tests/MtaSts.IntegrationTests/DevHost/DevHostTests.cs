using System.Net;
using System.Net.Http.Json;
using System.Text;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.DevHost;

/// <summary>The DevHost as a user runs it: its own process, real Kestrel, real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DevHostTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = "integration-test-key";
    private readonly int port = FreePort.Next();
    private DevHostProcess? host;
    private HttpClient? client;

    public async Task InitializeAsync()
    {
        host = await DevHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Storage"] = azurite.ConnectionString,
            ["DevHost:FunctionKey"] = Key,
            ["DevHost:DemoDomain"] = "demo.example",
            ["Serving:PublicHostName"] = "mtasts.test.example",
            ["DevHost:MetricsSeconds"] = "1",
        });
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Serves_the_demo_tenant_and_prints_a_curl_line()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/mta-sts.txt");
        request.Headers.Host = "mta-sts.demo.example";
        using var response = await client!.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("version: STSv1\r\nmode: testing\r\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"curl -H 'Host: mta-sts.demo.example' http://127.0.0.1:{port}/.well-known/mta-sts.txt", host!.Output, StringComparison.Ordinal);

        // The MtaSts meter through OpenTelemetry's console exporter: the request above, counted once as a cache miss.
        var metric = new System.Text.RegularExpressions.Regex(@"Metric Name: mtasts\.policy\.requests,[^\n]*\n(?:[^\n]*\n){2}\([^)]*\] result: miss\s*\nValue: (\d+)");
        for (var i = 0; i < 50 && !metric.IsMatch(host.Output); i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal("1", metric.Matches(host.Output).Last().Groups[1].Value);
    }

    [Fact]
    public async Task Admin_routes_need_the_function_key_by_header_or_code()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await client!.GetAsync("/api/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/tenants?code=wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/tenants?code={Key}")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants/demo.example");
        request.Headers.Add("x-functions-key", Key);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Put_then_serve_a_new_tenant_with_an_IDN_domain()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/tenants/b%C3%BCcher.example")
        {
            Content = new StringContent("""{"mode":"enforce","mx":["mx.bücher.example"],"maxAge":1209600}""", Encoding.UTF8, "application/json"),
        };
        put.Headers.Add("x-functions-key", Key);
        using var created = await client!.SendAsync(put);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var get = new HttpRequestMessage(HttpMethod.Get, "/.well-known/mta-sts.txt");
        get.Headers.Host = "mta-sts.xn--bcher-kva.example";
        Assert.Equal("version: STSv1\r\nmode: enforce\r\nmx: mx.xn--bcher-kva.example\r\nmax_age: 1209600\r\n", await (await client.SendAsync(get)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Errors_are_4xx_never_5xx_or_redirects()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client!.GetAsync("/.well-known/other.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/")).StatusCode);
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/.well-known/mta-sts.txt");
        bad.Headers.TryAddWithoutValidation("Host", "mta-sts.exa_mple.com");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(bad)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.PostAsync("/.well-known/mta-sts.txt", new StringContent("x"))).StatusCode);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/tenants/x?code={Key}") { Content = new StringContent("{") };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(put)).StatusCode);
    }

    [Fact]
    public async Task Admin_run_endpoint_refuses_unknown_functions()
    {
        using var response = await client!.PostAsync($"/admin/functions/NoSuchFunction?code={Key}", JsonContent.Create(new { input = "" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/admin/functions/NoSuchFunction", null)).StatusCode);
    }
}
