namespace MtaSts.Core.Alerts;

/// <summary>
/// Alerts and their notices. <see cref="CommitAsync"/> writes an alert change and its notices atomically (one
/// partition, one transaction) and only on the ETag the alert was read with: a concurrent writer's change is never
/// overwritten, and a notice is never written for a change that was not.
/// </summary>
public interface IAlertStore
{
    Task<Alert?> GetAsync(string tenant, string condition, CancellationToken cancellationToken);

    /// <summary>Every alert of a tenant, open and resolved, by condition.</summary>
    Task<IReadOnlyList<Alert>> ListAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>One page of the open alerts of every tenant.</summary>
    Task<(IReadOnlyList<Alert> Alerts, string? Continuation)> ListOpenAsync(int pageSize, string? continuation, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="alert"/> (added when it has no ETag) and adds <paramref name="notices"/>; <see cref="AlertConflictException"/> when it lost a race.</summary>
    Task<Alert> CommitAsync(Alert alert, IReadOnlyList<NoticeDelivery> notices, CancellationToken cancellationToken);

    /// <summary>Pending deliveries due at <paramref name="now"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<NoticeDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Replaces a delivery on its ETag; null when another writer changed it first.</summary>
    Task<NoticeDelivery?> UpdateAsync(NoticeDelivery delivery, CancellationToken cancellationToken);

    /// <summary>A tenant's notices, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<NoticeDelivery>> HistoryAsync(string tenant, int max, CancellationToken cancellationToken);

    /// <summary>Adds one to a counter row of <paramref name="tenant"/> (best effort under contention: a few tries on the ETag); returns the new count.</summary>
    Task<long> IncrementAsync(string tenant, string counter, CancellationToken cancellationToken);

    /// <summary>Deletes delivered, given-up and receiver-less notices, and counters, from before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
