using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MtaSts.Core.Telemetry;
using MtaSts.Functions;
using OpenTelemetry;
using OpenTelemetry.Metrics;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<UnexpectedErrorMiddleware>();

// OpenTelemetry, as Microsoft recommends for the isolated worker (host.json has "telemetryMode": "OpenTelemetry"):
// the worker's defaults (function invocations, logs), the MtaSts meter (policy, rotation, report, alert, MX watcher
// and readiness counters), exported to Application Insights by the Azure Monitor exporter, signed in with the app's
// managed identity (AZURE_CLIENT_ID) since the resource accepts Entra ID only.
var telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithMetrics(metrics => metrics.AddMeter(MtaStsMetrics.MeterName));
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    telemetry.UseAzureMonitorExporter(options => options.Credential = new Azure.Identity.DefaultAzureCredential());
}

builder.Services.AddMtaSts(builder.Configuration);

builder.Build().Run();
