using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Hosting;
using MtaSts.Core.Telemetry;

namespace MtaSts.Functions;

/// <summary>Sends the <c>MtaSts</c> meter's counters to Application Insights as custom metrics (pre-aggregated by the SDK), one dimension holding the tags.</summary>
public sealed class ApplicationInsightsMetrics(TelemetryClient telemetry) : IHostedService, IDisposable
{
    private MeasurementForwarder? forwarder;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        forwarder = new MeasurementForwarder((name, value, tags) => telemetry.GetMetric(name, "tags").TrackValue(value, tags));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        forwarder?.Dispose();
        telemetry.Flush();
        return Task.CompletedTask;
    }

    public void Dispose() => forwarder?.Dispose();
}
