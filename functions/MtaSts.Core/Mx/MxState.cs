using Azure;

namespace MtaSts.Core.Mx;

/// <summary>
/// What the MX watcher knows of a tenant: the live MX set last seen (<see cref="Hosts"/>, with the lookup's
/// <see cref="Status"/>), when it was last checked and last changed, the last lookup error, and the recent changes
/// (newest last, at most <c>Mx:HistoryLength</c>). A failed lookup keeps the last known set.
/// </summary>
public sealed record MxState(string Domain, MxLookupStatus Status, IReadOnlyList<string> Hosts, DateTimeOffset CheckedAt, DateTimeOffset? ChangedAt, string? LastError, IReadOnlyList<MxChange> History)
{
    public ETag? ETag { get; init; }

    /// <summary>Whether a lookup ever succeeded, so that <see cref="Hosts"/> means something.</summary>
    public bool Known => ChangedAt is not null;
}
