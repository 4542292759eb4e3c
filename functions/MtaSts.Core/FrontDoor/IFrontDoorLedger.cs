namespace MtaSts.Core.FrontDoor;

/// <summary>
/// Shared bookkeeping of the Front Door shards, across instances: how many custom domains each shard's profile holds
/// (a reservation before a tenant is placed, so that concurrent creations never place more than its capacity), and a
/// lock per route, since a route's <c>customDomains</c> list is replaced whole and has no ETag.
/// </summary>
public interface IFrontDoorLedger
{
    /// <summary>Counts one more custom domain on the first shard (or <paramref name="preferred"/>) with room; null when every shard is full.</summary>
    Task<string?> ReserveAsync(IReadOnlyList<FrontDoorShard> shards, string? preferred, CancellationToken cancellationToken);

    /// <summary>Counts one custom domain less on <paramref name="shard"/> (its domain was deleted, or its tenant was never stored).</summary>
    Task ReleaseAsync(string shard, CancellationToken cancellationToken);

    /// <summary>The custom domains counted per shard.</summary>
    Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Corrects the counts to what the tenant rows show (<paramref name="counted"/>): raised at once, lowered only when
    /// no reservation happened for a while (a reservation's tenant row may not be written yet).
    /// </summary>
    Task ReconcileAsync(IReadOnlyDictionary<string, int> counted, CancellationToken cancellationToken);

    /// <summary>Takes the lock <paramref name="name"/> for <paramref name="duration"/>; null when another holder has it.</summary>
    Task<string?> TryLockAsync(string name, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lock back, if <paramref name="token"/> still holds it.</summary>
    Task UnlockAsync(string name, string token, CancellationToken cancellationToken);
}
