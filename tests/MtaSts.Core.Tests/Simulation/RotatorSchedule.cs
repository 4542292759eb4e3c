namespace MtaSts.Core.Tests.Simulation;

/// <summary>
/// When the rotator's timer fires: every period, one run in five late by up to half a period, one in twenty skipped
/// (both decided by the seed and the tick number, so a replay with fewer events ticks the same). Long after the last
/// event, when nothing is left to publish or retry, the ticks thin out to hourly, daily, then weekly.
/// </summary>
public sealed class RotatorSchedule(int seed, SimulationConfig config)
{
    private readonly long period = config.PeriodSeconds;
    private readonly long dense = config.WindowSeconds + config.MaxBackoffSeconds + (3L * config.PeriodSeconds) + SimulationConfig.MaxDnsTtlSeconds;
    private long nominal = config.PeriodSeconds;

    public long Next => nominal + Lateness(nominal / period);

    public void Advance(long lastEventAt)
    {
        var since = nominal - lastEventAt;
        var spacing = since <= dense ? period : since < 2 * 86400 ? 3600 : since < 30 * 86400 ? 86400 : 7 * 86400;
        nominal = ((nominal + spacing) / period) * period;
        if (nominal <= lastEventAt)
        {
            nominal = ((lastEventAt / period) + 1) * period;
        }

        while (Skipped(nominal / period))
        {
            nominal += period;
        }
    }

    /// <summary>An event at <paramref name="at"/> brings the timer back to its regular period.</summary>
    public void Resync(long at)
    {
        var regular = ((at / period) + 1) * period;
        if (nominal > regular)
        {
            nominal = regular;
        }
    }

    private long Lateness(long tick) => Mix(tick, 1) % 5 == 0 ? (long)(Mix(tick, 2) % (ulong)Math.Max(1, period / 2)) : 0;

    private bool Skipped(long tick) => Mix(tick, 3) % 20 == 0;

    private ulong Mix(long tick, int salt)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)tick * 0xBF58476D1CE4E5B9UL ^ (ulong)salt * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        x *= 0xD6E9F8CC1B6C1A5BUL;
        return x ^ (x >> 29);
    }
}
