using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MtaSts.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<UnexpectedErrorMiddleware>();

// Application Insights the way the isolated worker documents it: the worker service SDK, then the Functions
// integration; and remove the default rule of the Application Insights logger provider, which keeps only Warning
// and above, so that Information logs (rotations, reports) arrive as host.json's log levels say.
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var defaultRule = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (defaultRule is not null)
    {
        options.Rules.Remove(defaultRule);
    }
});
builder.Services.AddHostedService<ApplicationInsightsMetrics>();

builder.Services.AddMtaSts(builder.Configuration);

builder.Build().Run();
