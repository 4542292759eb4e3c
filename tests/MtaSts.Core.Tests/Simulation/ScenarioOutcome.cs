namespace MtaSts.Core.Tests.Simulation;

/// <summary>How a scenario ended: the first violation of each invariant broken, the steps it took, and its trace when traced.</summary>
public sealed record ScenarioOutcome(IReadOnlyList<Violation> Violations, int Steps, IReadOnlyList<string> Trace);
