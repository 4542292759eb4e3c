using Azure;
using Azure.Data.Tables;
using MtaSts.Core.Storage;

namespace MtaSts.Core.FrontDoor;

/// <summary>
/// <see cref="IFrontDoorLedger"/> on Azure Table storage (table <c>frontdoor</c>): a row per shard (partition
/// <c>shard</c>) with the custom domains counted on it, and a row per lock (partition <c>lock</c>) with the time it is
/// held until. Every change is conditional on the ETag read; a conflict is retried (counts) or means busy (locks).
/// A holder that stops without unlocking loses the lock when its time passes.
/// </summary>
public sealed class TableFrontDoorLedger(TableServiceClient service, TimeProvider time, string tableName = TableFrontDoorLedger.TableName) : IFrontDoorLedger
{
    public const string TableName = "frontdoor";

    /// <summary>How long a count stays unlowered after a reservation: far longer than writing a tenant row takes.</summary>
    public static readonly TimeSpan ReservationQuiet = TimeSpan.FromMinutes(10);

    private const string ShardPartition = "shard";
    private const string LockPartition = "lock";
    /// <summary>Conflicts mean another reservation got in: retried, within this bound, before the next shard is tried.</summary>
    private const int Attempts = 64;

    private readonly TableClient table = service.GetTableClient(tableName);
    private readonly CreateOnce created = new(() => service.GetTableClient(tableName).CreateIfNotExistsAsync());

    public async Task<string?> ReserveAsync(IReadOnlyList<FrontDoorShard> shards, string? preferred, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shards);
        await created.EnsureAsync().ConfigureAwait(false);
        var order = shards.Where(s => string.Equals(s.Key, preferred, StringComparison.OrdinalIgnoreCase)).Concat(shards).Distinct();
        foreach (var shard in order)
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var row = await GetAsync(ShardPartition, shard.Key, cancellationToken).ConfigureAwait(false);
                var assigned = row?.GetInt32("Assigned") ?? 0;
                if (assigned >= shard.Capacity)
                {
                    break;
                }

                var entity = new TableEntity(ShardPartition, RowKey(shard.Key)) { ["Assigned"] = assigned + 1, ["ReservedAt"] = time.GetUtcNow() };
                if (await TryWriteAsync(entity, row?.ETag, cancellationToken).ConfigureAwait(false))
                {
                    return shard.Key;
                }

                await Task.Delay(Random.Shared.Next(1, 10 + (attempt * 5)), cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    public async Task ReleaseAsync(string shard, CancellationToken cancellationToken)
    {
        await created.EnsureAsync().ConfigureAwait(false);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var row = await GetAsync(ShardPartition, shard, cancellationToken).ConfigureAwait(false);
            if (row is null || (row.GetInt32("Assigned") ?? 0) <= 0)
            {
                return;
            }

            row["Assigned"] = row.GetInt32("Assigned")!.Value - 1;
            if (await TryWriteAsync(row, row.ETag, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken cancellationToken)
    {
        await created.EnsureAsync().ConfigureAwait(false);
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == ShardPartition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            counts[row.RowKey] = row.GetInt32("Assigned") ?? 0;
        }

        return counts;
    }

    public async Task ReconcileAsync(IReadOnlyDictionary<string, int> counted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counted);
        await created.EnsureAsync().ConfigureAwait(false);
        foreach (var (shard, count) in counted)
        {
            var row = await GetAsync(ShardPartition, shard, cancellationToken).ConfigureAwait(false);
            var assigned = row?.GetInt32("Assigned") ?? 0;
            var quiet = row?.GetDateTimeOffset("ReservedAt") is not { } reserved || reserved + ReservationQuiet <= time.GetUtcNow();
            if (count > assigned || (count < assigned && quiet))
            {
                var entity = new TableEntity(ShardPartition, RowKey(shard)) { ["Assigned"] = count, ["ReservedAt"] = row?.GetDateTimeOffset("ReservedAt") };
                await TryWriteAsync(entity, row?.ETag, cancellationToken).ConfigureAwait(false); // a conflict: the next run again
            }
        }
    }

    public async Task<string?> TryLockAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        await created.EnsureAsync().ConfigureAwait(false);
        var now = time.GetUtcNow();
        var row = await GetAsync(LockPartition, name, cancellationToken).ConfigureAwait(false);
        if (row?.GetDateTimeOffset("HeldUntil") > now)
        {
            return null;
        }

        var entity = new TableEntity(LockPartition, RowKey(name)) { ["HeldUntil"] = now + duration };
        try
        {
            var response = row is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    public async Task UnlockAsync(string name, string token, CancellationToken cancellationToken)
    {
        try
        {
            var entity = new TableEntity(LockPartition, RowKey(name)) { ["HeldUntil"] = time.GetUtcNow() };
            await table.UpdateEntityAsync(entity, new ETag(token), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            // Taken over after it expired: nothing of ours to give back.
        }
    }

    /// <summary>Table keys may not hold '/', '\', '#', '?' or control characters; shard and lock names are resource names.</summary>
    private static string RowKey(string name) => name.ToLowerInvariant();

    private async Task<TableEntity?> GetAsync(string partition, string name, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey(name), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private async Task<bool> TryWriteAsync(TableEntity entity, ETag? etag, CancellationToken cancellationToken)
    {
        try
        {
            if (etag is { } match)
            {
                await table.UpdateEntityAsync(entity, match, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }
}
