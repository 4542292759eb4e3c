using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MtaSts.Core.Telemetry;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// The DevHost's stand-in for Application Insights metrics: the <c>MtaSts</c> meter's counters, summed and logged every
/// <c>DevHost:MetricsSeconds</c> (only when something happened), including the policy cache hit ratio.
/// </summary>
public sealed class ConsoleMetrics(IOptions<DevHostOptions> options, TimeProvider time, ILogger<ConsoleMetrics> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, long> totals = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var forwarder = new MeasurementForwarder((name, value, tags) => totals.AddOrUpdate($"{name}{{{tags}}}", value, (_, total) => total + value));
        var period = TimeSpan.FromSeconds(Math.Clamp(options.Value.MetricsSeconds, 1, 3600));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Report();
        }
    }

    /// <summary>Logs and resets the sums.</summary>
    public void Report()
    {
        var snapshot = totals.Keys.ToDictionary(k => k, k => totals.TryRemove(k, out var v) ? v : 0, StringComparer.Ordinal);
        if (snapshot.Values.All(v => v == 0))
        {
            return;
        }

        var hits = snapshot.GetValueOrDefault("mtasts.policy.requests{result=hit}");
        var misses = snapshot.GetValueOrDefault("mtasts.policy.requests{result=miss}");
        var ratio = hits + misses == 0 ? "n/a" : ((double)hits / (hits + misses)).ToString("P1", System.Globalization.CultureInfo.InvariantCulture);
        logger.LogInformation("Metrics: {Counters}; policy cache hit ratio {Ratio}", string.Join("; ", snapshot.Where(s => s.Value != 0).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}")), ratio);
    }
}
