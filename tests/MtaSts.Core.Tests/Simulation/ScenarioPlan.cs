namespace MtaSts.Core.Tests.Simulation;

/// <summary>A scenario: its seed (for the rotator timer's lateness), its knobs and its events in time order.</summary>
public sealed record ScenarioPlan(int Seed, SimulationConfig Config, IReadOnlyList<SimEvent> Events)
{
    public ScenarioPlan WithEvents(IReadOnlyList<SimEvent> events) => this with { Events = events };
}
