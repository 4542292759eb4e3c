using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// A local stand-in for App Service's managed identity endpoint (<c>IDENTITY_ENDPOINT</c> and
/// <c>IDENTITY_HEADER</c>, api-version 2019-08-01), so that a process using <c>DefaultAzureCredential</c> gets tokens
/// as it would in Azure: it answers only requests carrying the header, with a token for the resource asked.
/// </summary>
public sealed class ManagedIdentityEndpoint : IAsyncDisposable
{
    private readonly WebApplication app;

    private ManagedIdentityEndpoint(WebApplication app, string endpoint, string header)
    {
        this.app = app;
        Endpoint = endpoint;
        Header = header;
    }

    public string Endpoint { get; }

    public string Header { get; }

    public int Requests;

    /// <summary>The environment variables that point a process at this endpoint.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["IDENTITY_ENDPOINT"] = Endpoint, ["IDENTITY_HEADER"] = Header };

    public static async Task<ManagedIdentityEndpoint> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var web = builder.Build();
        var endpoint = new ManagedIdentityEndpoint(web, $"http://127.0.0.1:{port}/msi/token", Guid.NewGuid().ToString("N"));
        web.MapGet("/msi/token", endpoint.TokenAsync);
        await web.StartAsync();
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref Requests);
        if (context.Request.Headers["X-IDENTITY-HEADER"] != Header || string.IsNullOrEmpty(context.Request.Query["resource"]))
        {
            context.Response.StatusCode = 400;
            return;
        }

        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string>
        {
            ["access_token"] = "local-managed-identity-token",
            ["expires_on"] = expires,
            ["resource"] = context.Request.Query["resource"].ToString(),
            ["token_type"] = "Bearer",
        });
    }
}
