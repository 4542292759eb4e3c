namespace MtaSts.Core.Tests.Simulation;

/// <summary>
/// Turns a seed into a scenario: a cache window and timer period, 1-4 serving instances (each with its own clock,
/// skewed by less than half the safety margin), a few senders, and a random mix of admin changes (PUT, revert,
/// DELETE, re-PUT), requests, storage and DNS faults, slow storage reads, races with admin changes and with a second
/// rotator run, and hand edits over time gaps from a second to a year.
/// </summary>
public static class ScenarioGenerator
{
    /// <summary>The policies an admin may PUT: the last one is <c>mode: none</c>; max_age from five minutes to a year.</summary>
    public static readonly (string Mode, string[] Mx, long MaxAge)[] Policies =
    [
        ("testing", ["mail"], 86400),
        ("enforce", ["mail"], 604800),
        ("enforce", ["mail", "mx2"], 31557600),
        ("testing", ["*"], 300),
        ("none", [], 86400),
    ];

    public static ScenarioPlan Generate(int seed)
    {
        var random = new Random(seed);
        var config = new SimulationConfig(
            CacheSeconds: random.Next(2) == 0 ? 60 : random.Next(1, 300),
            SafetyMarginSeconds: random.Next(4) == 0 ? 0 : random.Next(1, 120),
            PeriodSeconds: random.Next(2) == 0 ? 60 : random.Next(10, 600),
            MaxBackoffSeconds: random.Next(60, 900),
            Instances: random.Next(1, 5),
            Senders: random.Next(1, 6),
            Domains: random.Next(1, 3));

        var events = new List<SimEvent>();
        var at = 1L;
        for (var d = 0; d < config.Domains; d++)
        {
            events.Add(new SimEvent(at++, SimEventKind.Put, d, random.Next(config.Instances), random.Next(Policies.Length - 1)));
        }

        var count = random.Next(15, 80);
        var skews = Enumerable.Range(0, config.Instances).Select(_ => (int)(random.NextDouble() * config.SafetyMarginSeconds / 2) * (random.Next(2) == 0 ? -1 : 1)).ToArray();
        config = config with { AdminSkewSeconds = skews, RacingRotators = random.Next(4) == 0 };
        for (var i = 0; i < count; i++)
        {
            at += Gap(random);
            events.Add(Event(random, config, at));
        }

        return new ScenarioPlan(seed, config, events);
    }

    private static long Gap(Random random) => random.Next(100) switch
    {
        < 65 => random.Next(1, 120),
        < 88 => random.Next(120, 3600),
        < 98 => random.Next(3600, 3 * 86400),
        _ => random.Next(3 * 86400, 400 * 86400),
    };

    private static SimEvent Event(Random random, SimulationConfig config, long at)
    {
        var domain = random.Next(config.Domains);
        var instance = random.Next(config.Instances);
        return random.Next(100) switch
        {
            < 22 => new SimEvent(at, SimEventKind.Put, domain, instance, random.Next(Policies.Length)),
            < 27 => new SimEvent(at, SimEventKind.Delete, domain, instance),
            < 35 => new SimEvent(at, SimEventKind.Probe, domain, instance),
            < 73 => new SimEvent(at, SimEventKind.SenderActs, domain, instance, random.Next(config.Senders)),
            < 79 => new SimEvent(at, SimEventKind.StorageOutage, domain, instance, random.Next(4) == 0 ? random.Next(3600, 86400) : random.Next(10, 3600)),
            < 84 => new SimEvent(at, SimEventKind.DnsFault, domain, instance, random.Next(1, 4), random.Next(3)),
            < 90 => new SimEvent(at, SimEventKind.TableFault, domain, instance, random.Next(1, 3), random.Next(3)),
            < 94 => new SimEvent(at, SimEventKind.RaceNextRotation, domain, instance, random.Next(-1, Policies.Length)),
            < 95 => new SimEvent(at, SimEventKind.DriftEdit, domain, instance, 0, random.Next(3)),
            < 98 => new SimEvent(at, SimEventKind.SlowRead, domain, instance, random.Next(2) == 0 ? random.Next(1, 120) : random.Next(120, 3600)),
            _ => new SimEvent(at, SimEventKind.RaceRotator, domain, instance),
        };
    }
}
