using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MtaSts.Core.Telemetry;
using MtaSts.DevHost.Hosting;
using MtaSts.Functions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

// MtaSts.DevHost: the function classes of MtaSts.Functions on Kestrel, for machines without the Functions host.
// The content root is the build folder, so appsettings.json is found whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.UseUrls("http://127.0.0.1:7071");
}

await using var azurite = await DevStorage.StartIfNeededAsync(builder.Configuration, CancellationToken.None);

// Share links need a signing key; locally one is made for this run (links stop working when the DevHost stops).
var shareSecretGenerated = string.IsNullOrEmpty(builder.Configuration["Dashboard:ShareSecret"]);
if (shareSecretGenerated)
{
    builder.Configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>("Dashboard:ShareSecret", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))]);
}

var functions = FunctionCatalog.Discover(typeof(ServePolicy).Assembly);
var key = new FunctionKey(builder.Configuration["DevHost:FunctionKey"]);
builder.Services.AddMtaSts(builder.Configuration);
builder.Services.Configure<DevHostOptions>(builder.Configuration.GetSection(DevHostOptions.Section));
builder.Services.AddSingleton<IReadOnlyList<FunctionDescriptor>>(functions);
builder.Services.AddSingleton(key);
builder.Services.AddSingleton<FunctionInvoker>();
builder.Services.AddSingleton<NonHttpFunctionRunner>();
builder.Services.AddHostedService<TimerFunctionLoop>();
builder.Services.AddHostedService<BlobTriggerPoller>();

// The MtaSts meter through OpenTelemetry's console exporter, every DevHost:MetricsSeconds (the function app exports the
// same meter to Azure Monitor).
var metricsSeconds = Math.Clamp(builder.Configuration.GetValue("DevHost:MetricsSeconds", 60), 1, 3600);
builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("MtaSts.DevHost")).WithMetrics(metrics => metrics
    .AddMeter(MtaStsMetrics.MeterName)
    .AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = metricsSeconds * 1000));

var app = builder.Build();
app.MapFunctions(functions);
await app.StartAsync();

var demo = await DemoTenant.SeedAsync(app.Services, builder.Configuration["DevHost:DemoDomain"], app.Lifetime.ApplicationStopping);
var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:7071";
Console.WriteLine($"""

    MtaSts.DevHost is listening on {url}
    Functions: {string.Join(", ", functions.Select(f => f.Name))}
    Function key{(key.Generated ? " (generated; set DevHost:FunctionKey to fix it)" : string.Empty)}: {key.Value}
    Dashboard: {url}/dashboard/ (sign in with the function key{(shareSecretGenerated ? "; share links last until the DevHost stops: set Dashboard:ShareSecret to keep them" : string.Empty)})
    """);
if (demo is not null)
{
    Console.WriteLine($"""
        Try the demo tenant's policy:
          curl -H 'Host: mta-sts.{demo}' {url}/.well-known/mta-sts.txt
        and the admin API:
          curl -H 'x-functions-key: {key.Value}' {url}/api/tenants/{demo}
        """);
}

await app.WaitForShutdownAsync();
