using System.Globalization;
using Xunit.Abstractions;

namespace MtaSts.Core.Tests.Simulation;

/// <summary>
/// The proof of the first promise: across many seeded scenarios of serving instances, senders, admin changes and
/// faults, no sender ever stores a policy the service did not mean under the id it saw, and no record or tenant is
/// dropped while senders may still hold its policy. <c>MTASTS_SIM_SEED</c> picks the seed and
/// <c>MTASTS_SIM_RUNS</c> the number of scenarios (<c>MTASTS_SIM_TRACES</c>: traces shown per broken invariant, default 1;
/// <c>MTASTS_SIM_SCENARIO</c>: run only the scenario with this seed, as a failure names it); a violation prints the seed and the shortest trace that shows it.
/// </summary>
public sealed class PolicySafetySimulationTests(ITestOutputHelper output)
{
    public const int DefaultSeed = 20261201;
    public const int DefaultRuns = 2000;

    [Fact]
    public async Task No_sender_keeps_a_policy_the_service_did_not_mean()
    {
        var seed = Setting("MTASTS_SIM_SEED", DefaultSeed);
        var runs = Setting("MTASTS_SIM_RUNS", DefaultRuns);
        var steps = 0L;
        var violations = new List<(ScenarioPlan Plan, Violation Violation)>();
        var only = Environment.GetEnvironmentVariable("MTASTS_SIM_SCENARIO");
        for (var run = 0; run < runs; run++)
        {
            var plan = ScenarioGenerator.Generate(only is null ? ScenarioSeed(seed, run) : int.Parse(only, CultureInfo.InvariantCulture));
            var outcome = await Scenario.RunAsync(plan);
            steps += outcome.Steps;
            violations.AddRange(outcome.Violations.Select(v => (plan, v)));
        }

        var summary = $"simulation: {runs} scenarios, {steps} steps, {violations.Count} violations (MTASTS_SIM_SEED={seed}, MTASTS_SIM_RUNS={runs})";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        foreach (var group in violations.GroupBy(v => v.Violation.Invariant).OrderBy(g => g.Key))
        {
            output.WriteLine($"invariant ({group.Key}): {group.Count()} scenarios, first: scenario seed {group.First().Plan.Seed}: {group.First().Violation}");
        }

        var tracesPerInvariant = Setting("MTASTS_SIM_TRACES", 1);
        foreach (var (plan, violation) in violations.GroupBy(v => v.Violation.Invariant).OrderBy(g => g.Key)
            .SelectMany(g => g.OrderBy(v => v.Plan.Events.Count).Take(tracesPerInvariant)))
        {
            var shortest = await TraceShrinker.ShrinkAsync(plan, violation.Invariant);
            var replay = await Scenario.RunAsync(shortest, tracing: true);
            output.WriteLine(string.Empty);
            output.WriteLine($"shortest trace for invariant ({violation.Invariant}), scenario seed {plan.Seed} ({plan.Events.Count} events -> {shortest.Events.Count}), {shortest.Config}:");
            foreach (var line in replay.Trace)
            {
                output.WriteLine("  " + line);
            }
        }

        Assert.True(violations.Count == 0, summary);
    }

    /// <summary>Each scenario's own seed, derived from the run's seed so any scenario can be replayed alone.</summary>
    public static int ScenarioSeed(int seed, int run) => unchecked((seed * 7919) + run);

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
