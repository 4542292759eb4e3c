namespace MtaSts.Core.Tests.Simulation;

/// <summary>The knobs of one scenario: cache window, timer period, how many serving instances and senders.</summary>
public sealed record SimulationConfig(
    int CacheSeconds,
    int SafetyMarginSeconds,
    int PeriodSeconds,
    int MaxBackoffSeconds,
    int Instances,
    int Senders,
    int Domains)
{
    /// <summary>Each instance's wall clock minus the true time, in seconds (less than half the safety margin either way).</summary>
    public IReadOnlyList<int> AdminSkewSeconds { get; init; } = [];

    /// <summary>Whether a second rotator run often goes through in the middle of a run (two timers at once).</summary>
    public bool RacingRotators { get; init; }

    /// <summary>The most any instance's clock is off.</summary>
    public int MaxSkewSeconds => AdminSkewSeconds.Select(Math.Abs).DefaultIfEmpty(0).Max();

    /// <summary>The longest DNS TTL a sender honours; a record seen this long ago may still be in a sender's cache.</summary>
    public const int MaxDnsTtlSeconds = 300;

    public long WindowSeconds => CacheSeconds + SafetyMarginSeconds;
}
