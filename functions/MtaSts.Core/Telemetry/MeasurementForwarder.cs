using System.Diagnostics.Metrics;

namespace MtaSts.Core.Telemetry;

/// <summary>
/// Listens to the <c>MtaSts</c> meter and hands every measurement, with its tags as text, to a sink (Application
/// Insights, the console); a given meter instance limits it to that one (tests).
/// </summary>
public sealed class MeasurementForwarder : IDisposable
{
    private readonly MeterListener listener = new();

    public MeasurementForwarder(Action<string, long, string> sink, Meter? only = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MtaStsMetrics.MeterName && (only is null || instrument.Meter == only))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            sink(instrument.Name, value, string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        listener.Start();
    }

    public void Dispose() => listener.Dispose();
}
