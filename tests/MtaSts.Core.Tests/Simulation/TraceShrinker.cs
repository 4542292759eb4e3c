namespace MtaSts.Core.Tests.Simulation;

/// <summary>
/// Finds a shorter scenario that still breaks the same invariant: removes chunks of events, halving the chunk size
/// when nothing can go (delta debugging), within a bounded number of replays.
/// </summary>
public static class TraceShrinker
{
    public const int MaxReplays = 3000;

    public static async Task<ScenarioPlan> ShrinkAsync(ScenarioPlan plan, char invariant)
    {
        var events = plan.Events.ToList();
        var replays = 0;
        for (var chunk = Math.Max(1, events.Count / 2); chunk >= 1 && replays < MaxReplays; chunk /= 2)
        {
            var removed = true;
            while (removed && replays < MaxReplays)
            {
                removed = false;
                for (var start = 0; start < events.Count && replays < MaxReplays;)
                {
                    var candidate = events.Take(start).Concat(events.Skip(start + chunk)).ToList();
                    replays++;
                    var outcome = await Scenario.RunAsync(plan.WithEvents(candidate)).ConfigureAwait(false);
                    if (outcome.Violations.Any(v => v.Invariant == invariant))
                    {
                        events = candidate;
                        removed = true;
                    }
                    else
                    {
                        start += chunk;
                    }
                }
            }
        }

        return plan.WithEvents(events);
    }
}
