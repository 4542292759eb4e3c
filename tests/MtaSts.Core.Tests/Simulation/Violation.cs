namespace MtaSts.Core.Tests.Simulation;

/// <summary>An invariant broken at a moment of a scenario: <see cref="Invariant"/> is a, b, c, d or e.</summary>
public sealed record Violation(char Invariant, long AtSecond, string Message)
{
    public override string ToString() => $"invariant ({Invariant}) at t={AtSecond}s: {Message}";
}
