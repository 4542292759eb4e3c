namespace MtaSts.Core.Tests.Simulation;

/// <summary>Who uses a view of the simulated table: the admin API, the rotator, or a serving instance.</summary>
public enum StoreRole
{
    Admin,
    Rotator,
    Serving,
}
