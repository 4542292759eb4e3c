using Azure;

namespace MtaSts.Core.Alerts;

/// <summary>
/// One notice to one webhook: the outbox entry while <see cref="DeliveryStatus.Pending"/>, the history entry after.
/// It is written in the same transaction as the alert change it tells of, so no change goes untold, and its
/// <see cref="Body"/> is fixed then, so every attempt sends the same bytes with the same signature.
/// </summary>
public sealed record NoticeDelivery(
    string Tenant,
    string Key,
    string NoticeId,
    string Condition,
    string State,
    string Url,
    string Body,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError)
{
    /// <summary>The storage version of the row this was read from; null for one not yet stored.</summary>
    public ETag? ETag { get; init; }
}
