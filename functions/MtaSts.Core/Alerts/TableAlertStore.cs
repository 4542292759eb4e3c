using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace MtaSts.Core.Alerts;

/// <summary>
/// <see cref="IAlertStore"/> on Table storage (table <c>alerts</c>): PartitionKey = tenant (<c>*</c> for the service),
/// RowKey <c>alert|&lt;condition&gt;</c> for the alert and <c>notice|&lt;inverted ticks&gt;|&lt;condition&gt;|&lt;state&gt;|&lt;n&gt;</c>
/// for each delivery of a notice, newest first. An alert change and its notices are one entity-group transaction.
/// Finding due deliveries and open alerts is a query over every partition (filtered by the service): the table holds
/// one row per alert that ever opened and the notices of <c>Alerts:HistoryDays</c>, so it stays small.
/// </summary>
public sealed class TableAlertStore(TableServiceClient service, string tableName = TableAlertStore.TableName) : IAlertStore
{
    public const string TableName = "alerts";
    private const string AlertPrefix = "alert|";
    private const string NoticePrefix = "notice|";
    private const string CounterPrefix = "count|";

    private readonly TableClient table = service.GetTableClient(tableName);

    public async Task<Alert?> GetAsync(string tenant, string condition, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(tenant, AlertPrefix + condition, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue ? ToAlert(response.Value!) : null;
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<Alert>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey ge {AlertPrefix} and RowKey lt {"alert}"}");
        return await QueryAsync(filter, ToAlert, int.MaxValue, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(IReadOnlyList<Alert> Alerts, string? Continuation)> ListOpenAsync(int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {AlertPrefix} and RowKey lt {"alert}"} and State eq {AlertState.Open}");
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize).ConfigureAwait(false))
            {
                return (page.Values.Select(ToAlert).ToArray(), page.ContinuationToken);
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
        }

        return ([], null);
    }

    public async Task<Alert> CommitAsync(Alert alert, IReadOnlyList<NoticeDelivery> notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(notices);
        var entity = ToEntity(alert);
        var actions = new List<TableTransactionAction>
        {
            alert.ETag is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
                : new TableTransactionAction(TableTransactionActionType.Add, entity),
        };
        actions.AddRange(notices.Select(n => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(n))));
        try
        {
            var response = await WithTableAsync(() => table.SubmitTransactionAsync(actions, cancellationToken)).ConfigureAwait(false);
            return alert with { ETag = response.Value[0].Headers.ETag };
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new AlertConflictException($"alert {alert.Condition} of {alert.Tenant} was changed by another writer", e);
        }
    }

    public async Task<IReadOnlyList<NoticeDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Status eq {DeliveryStatus.Pending} and NextAttemptAt le {now}");
        var due = await QueryAsync(filter, ToNotice, 5000, cancellationToken).ConfigureAwait(false);
        return due.OrderBy(d => d.NextAttemptAt).Take(max).ToArray();
    }

    public async Task<NoticeDelivery?> UpdateAsync(NoticeDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var etag = delivery.ETag ?? throw new ArgumentException("an update needs the ETag the delivery was read with", nameof(delivery));
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(delivery), etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return delivery with { ETag = response.Headers.ETag };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<NoticeDelivery>> HistoryAsync(string tenant, int max, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey ge {NoticePrefix} and RowKey lt {"notice}"}");
        return await QueryAsync(filter, ToNotice, max, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {NoticePrefix} and RowKey lt {"notice}"} and Status ne {DeliveryStatus.Pending} and CreatedAt lt {before}");
        var old = (await QueryAsync(filter, e => (e.PartitionKey, e.RowKey, e.ETag), 10_000, cancellationToken).ConfigureAwait(false)).ToList();
        var counters = TableClient.CreateQueryFilter($"RowKey ge {CounterPrefix} and RowKey lt {"count}"} and Timestamp lt {before}");
        old.AddRange(await QueryAsync(counters, e => (e.PartitionKey, e.RowKey, e.ETag), 10_000, cancellationToken).ConfigureAwait(false));
        var deleted = 0;
        foreach (var (partition, row, etag) in old)
        {
            try
            {
                await table.DeleteEntityAsync(partition, row, etag, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
            }
        }

        return deleted;
    }

    public async Task<long> IncrementAsync(string tenant, string counter, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await table.GetEntityIfExistsAsync<TableEntity>(tenant, CounterPrefix + counter, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!existing.HasValue)
                {
                    await WithTableAsync(() => table.AddEntityAsync(new TableEntity(tenant, CounterPrefix + counter) { ["Count"] = 1L }, cancellationToken)).ConfigureAwait(false);
                    return 1;
                }

                var count = (existing.Value!.GetInt64("Count") ?? 0) + 1;
                existing.Value["Count"] = count;
                await table.UpdateEntityAsync(existing.Value, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return count;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 3)
            {
            }
            catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
            {
                await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The RowKey of a notice's delivery: newest first within the tenant.</summary>
    public static string NoticeKey(DateTimeOffset at, string condition, string state, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{NoticePrefix}{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}|{condition}|{state}|{index:D2}");

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string filter, Func<TableEntity, T> map, int max, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                results.Add(map(entity));
                if (results.Count >= max)
                {
                    break;
                }
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
        }

        return results;
    }

    private async Task<T> WithTableAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write().ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            await table.CreateIfNotExistsAsync().ConfigureAwait(false);
            return await write().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            await table.CreateIfNotExistsAsync().ConfigureAwait(false);
            return await write().ConfigureAwait(false);
        }
    }

    private static TableEntity ToEntity(Alert alert) => new(alert.Tenant, AlertPrefix + alert.Condition)
    {
        ["Condition"] = alert.Condition,
        ["State"] = alert.State,
        ["Text"] = alert.Text,
        ["OpenedAt"] = alert.OpenedAt,
        ["UpdatedAt"] = alert.UpdatedAt,
        ["LastNotifiedAt"] = alert.LastNotifiedAt,
        ["ResolvedAt"] = alert.ResolvedAt,
        ["Subject"] = alert.Subject,
    };

    private static Alert ToAlert(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetString("Condition") ?? entity.RowKey[AlertPrefix.Length..],
        entity.GetString("State") ?? AlertState.Resolved,
        entity.GetString("Text") ?? string.Empty,
        entity.GetDateTimeOffset("OpenedAt") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("LastNotifiedAt") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("ResolvedAt"))
    {
        ETag = entity.ETag,
        Subject = entity.GetString("Subject"),
    };

    private static TableEntity ToEntity(NoticeDelivery notice) => new(notice.Tenant, notice.Key)
    {
        ["NoticeId"] = notice.NoticeId,
        ["Condition"] = notice.Condition,
        ["State"] = notice.State,
        ["Url"] = notice.Url,
        ["Body"] = notice.Body,
        ["Status"] = notice.Status,
        ["Attempts"] = notice.Attempts,
        ["CreatedAt"] = notice.CreatedAt,
        ["NextAttemptAt"] = notice.NextAttemptAt,
        ["DeliveredAt"] = notice.DeliveredAt,
        ["LastError"] = notice.LastError,
    };

    private static NoticeDelivery ToNotice(TableEntity entity) => new(
        entity.PartitionKey,
        entity.RowKey,
        entity.GetString("NoticeId") ?? string.Empty,
        entity.GetString("Condition") ?? string.Empty,
        entity.GetString("State") ?? string.Empty,
        entity.GetString("Url") ?? string.Empty,
        entity.GetString("Body") ?? "{}",
        entity.GetString("Status") ?? DeliveryStatus.Failed,
        entity.GetInt32("Attempts") ?? 0,
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("NextAttemptAt") ?? DateTimeOffset.MaxValue,
        entity.GetDateTimeOffset("DeliveredAt"),
        entity.GetString("LastError"))
    {
        ETag = entity.ETag,
    };
}
