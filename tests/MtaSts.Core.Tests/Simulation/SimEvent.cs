using System.Globalization;

namespace MtaSts.Core.Tests.Simulation;

/// <summary>What can happen in a scenario, besides the rotator's own timer ticks.</summary>
public enum SimEventKind
{
    /// <summary>An admin PUT of policy <see cref="SimEvent.Arg"/> through instance <see cref="SimEvent.Instance"/>.</summary>
    Put,

    /// <summary>An admin DELETE through instance <see cref="SimEvent.Instance"/>.</summary>
    Delete,

    /// <summary>A request that is not a sender's (a status check, a curl): it fills the instance's cache.</summary>
    Probe,

    /// <summary>Sender <see cref="SimEvent.Arg"/> has mail for the domain: TXT lookup, then a fetch when needed.</summary>
    SenderActs,

    /// <summary>Instance <see cref="SimEvent.Instance"/> cannot read storage for <see cref="SimEvent.Arg"/> seconds.</summary>
    StorageOutage,

    /// <summary>The next <see cref="SimEvent.Arg"/> DNS calls fail (<see cref="SimEvent.Mode"/>: 0 read, 1 write, 2 write applied then error).</summary>
    DnsFault,

    /// <summary>The next <see cref="SimEvent.Arg"/> rotator Table writes fail (<see cref="SimEvent.Mode"/>: 0 before, 1 after applying; 2 the listing fails).</summary>
    TableFault,

    /// <summary>During the next rotator DNS write, an admin PUT of policy <see cref="SimEvent.Arg"/> (or a DELETE when -1) runs.</summary>
    RaceNextRotation,

    /// <summary>Someone edits the TXT record by hand (<see cref="SimEvent.Mode"/>: 0 removes it, 1 duplicates it, 2 a foreign id).</summary>
    DriftEdit,

    /// <summary>Instance <see cref="SimEvent.Instance"/> starts a storage read that returns what it read only <see cref="SimEvent.Arg"/> seconds later.</summary>
    SlowRead,

    /// <summary>During the next rotator DNS read, a second rotator run goes through all its steps (two timers at once).</summary>
    RaceRotator,
}

/// <summary>One scheduled event of a scenario: at <see cref="At"/> seconds from the start, for domain index <see cref="Domain"/>.</summary>
public sealed record SimEvent(long At, SimEventKind Kind, int Domain, int Instance = 0, int Arg = 0, int Mode = 0)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"t={At}s {Kind} d{Domain} i{Instance} arg={Arg} mode={Mode}");
}
