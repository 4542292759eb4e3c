using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// A local HTTPS stand-in for ARM's DNS record-set API (api-version 2018-05-01): GET, PUT and DELETE of
/// <c>.../dnsZones/{zone}/TXT/{name}</c> with ETags, <c>If-Match</c> / <c>If-None-Match</c> and 412, 429 with
/// <c>Retry-After</c> on demand, 404 for unknown zones, and 401 without a bearer token.
/// </summary>
public sealed class FakeAzureDns : IAsyncDisposable
{
    private readonly WebApplication app;
    private int version;

    private FakeAzureDns(WebApplication app, X509Certificate2 certificate, string endpoint)
    {
        this.app = app;
        Certificate = certificate;
        Endpoint = endpoint;
    }

    public X509Certificate2 Certificate { get; }

    public string Endpoint { get; }

    public ConcurrentDictionary<string, (JsonNode Body, string ETag)> RecordSets { get; } = new();

    public HashSet<string> Zones { get; } = ["example.com", "zone.example"];

    public int ThrottleNext { get; set; }

    public int Requests;

    public static async Task<FakeAzureDns> StartAsync()
    {
        var work = Directory.CreateTempSubdirectory("mtasts-arm-").FullName;
        TestCertificates.Write(work, "localhost");
        var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(work, "server.pem"), Path.Combine(work, "server.key"));
        Directory.Delete(work, recursive: true);
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, o => o.UseHttps(certificate)));
        var app = builder.Build();
        var fake = new FakeAzureDns(app, certificate, $"https://localhost:{port}");
        app.Map("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/dnsZones/{zone}/TXT/{name}", fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        Certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref Requests);
        var request = context.Request;
        var response = context.Response;
        if (!request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) || request.Query["api-version"] != "2018-05-01")
        {
            response.StatusCode = 401;
            return;
        }

        if (ThrottleNext > 0)
        {
            ThrottleNext--;
            response.StatusCode = 429;
            response.Headers.RetryAfter = "1";
            return;
        }

        var zone = (string)context.Request.RouteValues["zone"]!;
        var key = zone + "/" + (string)context.Request.RouteValues["name"]!;
        if (!Zones.Contains(zone))
        {
            response.StatusCode = 404;
            await response.WriteAsJsonAsync(new { error = new { code = "ParentResourceNotFound", message = $"zone {zone} not found" } });
            return;
        }

        var exists = RecordSets.TryGetValue(key, out var current);
        var ifMatch = request.Headers.IfMatch.ToString();
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if ((ifMatch.Length > 0 && (!exists || (ifMatch != "*" && ifMatch != current.ETag))) || (ifNoneMatch == "*" && exists))
        {
            response.StatusCode = 412;
            await response.WriteAsJsonAsync(new { error = new { code = "PreconditionFailed", message = "The condition was not met" } });
            return;
        }

        switch (request.Method)
        {
            case "GET" when exists:
                await response.WriteAsync(current.Body.ToJsonString());
                return;
            case "GET":
                // As Azure DNS answers for a record set that does not exist in an existing zone.
                response.StatusCode = 404;
                await response.WriteAsJsonAsync(new { code = "NotFound", message = $"The resource record '{(string)context.Request.RouteValues["name"]!}' does not exist in resource group 'rg' of subscription 'sub'." });
                return;
            case "PUT":
                var body = (await JsonNode.ParseAsync(request.Body))!;
                var etag = $"\"{Interlocked.Increment(ref version)}\"";
                body["etag"] = etag;
                body["name"] = (string)context.Request.RouteValues["name"]!;
                RecordSets[key] = (body, etag);
                response.StatusCode = exists ? 200 : 201;
                await response.WriteAsync(body.ToJsonString());
                return;
            case "DELETE":
                RecordSets.TryRemove(key, out _);
                response.StatusCode = exists ? 200 : 204;
                return;
            default:
                response.StatusCode = 405;
                return;
        }
    }
}
