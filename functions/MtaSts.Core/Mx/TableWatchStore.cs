using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MtaSts.Core.Readiness;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Mx;

/// <summary>
/// <see cref="IWatchStore"/> on Table storage (table <c>watch</c>): PartitionKey = tenant domain, RowKey <c>mx</c> or
/// <c>readiness</c>. An MX row that cannot be read is treated as never checked (and replaced by the next check).
/// </summary>
public sealed class TableWatchStore(TableServiceClient service, string tableName = TableWatchStore.TableName) : IWatchStore
{
    public const string TableName = "watch";
    private const string MxRow = "mx";
    private const string ReadinessRow = "readiness";

    private readonly TableClient table = service.GetTableClient(tableName);

    public async Task<MxState?> GetMxAsync(string domain, CancellationToken cancellationToken) =>
        await GetAsync(domain, MxRow, cancellationToken).ConfigureAwait(false) is { } entity ? ToMx(entity) : null;

    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> MxCheckedAtAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        try
        {
            var filter = TableClient.CreateQueryFilter($"RowKey eq {MxRow}");
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["CheckedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result[entity.PartitionKey] = entity.GetDateTimeOffset("CheckedAt") ?? DateTimeOffset.MinValue;
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
        }

        return result;
    }

    public async Task<MxState> SaveMxAsync(MxState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entity = new TableEntity(state.Domain, MxRow)
        {
            ["Status"] = state.Status.ToString(),
            ["Hosts"] = string.Join('\n', state.Hosts),
            ["CheckedAt"] = state.CheckedAt,
            ["ChangedAt"] = state.ChangedAt,
            ["LastError"] = state.LastError,
            ["History"] = JsonSerializer.Serialize(state.History),
        };
        return state with { ETag = await WriteAsync(entity, state.ETag, cancellationToken).ConfigureAwait(false) };
    }

    public async Task<ReadinessState?> GetReadinessAsync(string domain, CancellationToken cancellationToken) =>
        await GetAsync(domain, ReadinessRow, cancellationToken).ConfigureAwait(false) is { } entity
            && DateOnly.TryParseExact(entity.GetString("LastDay"), "yyyy-MM-dd", out var day)
            ? new ReadinessState(domain, day, entity.GetString("LastVerdict") ?? string.Empty, Math.Max(0, entity.GetInt32("ReadyStreak") ?? 0), entity.GetDateTimeOffset("EvaluatedAt") ?? DateTimeOffset.MinValue, entity.GetInt64("PolicyVersion") ?? 0, entity.GetDateTimeOffset("StreakSince")) { ETag = entity.ETag }
            : null;

    public async Task<IReadOnlyDictionary<string, DateOnly>> ReadinessDaysAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        try
        {
            var filter = TableClient.CreateQueryFilter($"RowKey eq {ReadinessRow}");
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["LastDay"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (DateOnly.TryParseExact(entity.GetString("LastDay"), "yyyy-MM-dd", out var day))
                {
                    result[entity.PartitionKey] = day;
                }
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
        }

        return result;
    }

    public async Task<ReadinessState> SaveReadinessAsync(ReadinessState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entity = new TableEntity(state.Domain, ReadinessRow)
        {
            ["LastDay"] = state.LastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["LastVerdict"] = state.LastVerdict,
            ["ReadyStreak"] = state.ReadyStreak,
            ["EvaluatedAt"] = state.EvaluatedAt,
            ["PolicyVersion"] = state.PolicyVersion,
            ["StreakSince"] = state.StreakSince,
        };
        return state with { ETag = await WriteAsync(entity, state.ETag, cancellationToken).ConfigureAwait(false) };
    }

    public async Task ForgetAsync(string domain, CancellationToken cancellationToken)
    {
        foreach (var row in new[] { MxRow, ReadinessRow })
        {
            try
            {
                await table.DeleteEntityAsync(domain, row, ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }
    }

    private async Task<TableEntity?> GetAsync(string domain, string row, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(domain, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            return null;
        }
    }

    private async Task<ETag> WriteAsync(TableEntity entity, ETag? etag, CancellationToken cancellationToken)
    {
        try
        {
            return etag is { } current
                ? (await table.UpdateEntityAsync(entity, current, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)).Headers.ETag!.Value
                : (await AddAsync(entity, cancellationToken).ConfigureAwait(false)).Headers.ETag!.Value;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new TenantConflictException($"the {entity.RowKey} row of '{entity.PartitionKey}' was changed by another writer", e);
        }
    }

    private async Task<Response> AddAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            return await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            return await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A row; one that cannot be read comes back as never checked, with its ETag, so the next check replaces it.</summary>
    private static MxState ToMx(TableEntity entity)
    {
        if (!Enum.TryParse<MxLookupStatus>(entity.GetString("Status"), out var status) || !Enum.IsDefined(status))
        {
            return new MxState(entity.PartitionKey, MxLookupStatus.Failed, [], DateTimeOffset.MinValue, null, "the stored row could not be read", []) { ETag = entity.ETag };
        }

        IReadOnlyList<MxChange> history;
        try
        {
            history = JsonSerializer.Deserialize<MxChange[]>(entity.GetString("History") ?? "[]") ?? [];
        }
        catch (JsonException)
        {
            history = [];
        }

        return new MxState(
            entity.PartitionKey,
            status,
            entity.GetString("Hosts") is { Length: > 0 } hosts ? hosts.Split('\n') : [],
            entity.GetDateTimeOffset("CheckedAt") ?? DateTimeOffset.MinValue,
            entity.GetDateTimeOffset("ChangedAt"),
            entity.GetString("LastError"),
            history)
        {
            ETag = entity.ETag,
        };
    }
}
