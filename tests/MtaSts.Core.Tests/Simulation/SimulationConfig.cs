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
    /// <summary>The longest DNS TTL a sender honours; a record seen this long ago may still be in a sender's cache.</summary>
    public const int MaxDnsTtlSeconds = 300;

    public long WindowSeconds => CacheSeconds + SafetyMarginSeconds;
}
