using Azure;

namespace MtaSts.Core.Alerts;

/// <summary>
/// The one alert of a (tenant, condition): <see cref="State"/> open or resolved, what it says (<see cref="Text"/>),
/// when it opened, last changed, was last notified and resolved.
/// </summary>
public sealed record Alert(
    string Tenant,
    string Condition,
    string State,
    string Text,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset LastNotifiedAt,
    DateTimeOffset? ResolvedAt)
{
    /// <summary>The storage version of the row this was read from; null for an alert not yet stored.</summary>
    public ETag? ETag { get; init; }

    /// <summary>For an event: what it was about (the policy version it tells of), so it is told once per subject.</summary>
    public string? Subject { get; init; }

    public bool IsOpen => State == AlertState.Open;
}
