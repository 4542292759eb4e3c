using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MtaSts.Core.Tenants;

/// <summary>
/// <see cref="ITenantStore"/> on Azure Table storage (table <c>tenants</c>). Reads are point reads by
/// PartitionKey and RowKey; the list is a paged query whose filter is built by
/// <see cref="TableClient.CreateQueryFilter(System.FormattableString)"/>, never by string interpolation.
/// The table is created on the first write that finds it missing. A row that cannot be read is left out of lists
/// (and logged as an error), so one bad row never stops the rotation of every other tenant.
/// </summary>
public sealed class TableTenantStore(TableServiceClient service, string tableName = TableTenantStore.TableName, ILogger<TableTenantStore>? logger = null) : ITenantStore
{
    public const string TableName = "tenants";

    private static readonly string[] PolicyTextOnly = [TenantEntityMapper.PolicyTextColumn];

    private readonly TableClient table = service.GetTableClient(tableName);

    public async Task<Tenant?> GetAsync(string domain, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(domain, null, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : TenantEntityMapper.FromEntity(entity);
    }

    public async Task<string?> GetPolicyTextAsync(string domain, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(domain, PolicyTextOnly, cancellationToken).ConfigureAwait(false);
        return entity?.GetString(TenantEntityMapper.PolicyTextColumn);
    }

    public async Task<Tenant> AddAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var entity = TenantEntityMapper.ToEntity(tenant);
        try
        {
            var response = await WithTableAsync(() => table.AddEntityAsync(entity, cancellationToken)).ConfigureAwait(false);
            return tenant with { ETag = response.Headers.ETag };
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new TenantConflictException($"tenant '{tenant.Domain}' already exists", e);
        }
    }

    public async Task<Tenant> UpdateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var etag = tenant.ETag ?? throw new ArgumentException("an update needs the ETag the tenant was read with", nameof(tenant));
        var entity = TenantEntityMapper.ToEntity(tenant);
        try
        {
            var response = await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return tenant with { ETag = response.Headers.ETag };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new TenantConflictException($"tenant '{tenant.Domain}' was changed or removed since it was read", e);
        }
    }

    public async Task DeleteAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var etag = tenant.ETag ?? throw new ArgumentException("a delete needs the ETag the tenant was read with", nameof(tenant));
        try
        {
            await table.DeleteEntityAsync(tenant.Domain, TenantEntityMapper.RowKey, etag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new TenantConflictException($"tenant '{tenant.Domain}' was changed since it was read", e);
        }
    }

    public Task<TenantPage> ListAsync(int pageSize, string? continuation, CancellationToken cancellationToken) =>
        ListAsync(pageSize, continuation, string.Empty, cancellationToken);

    /// <summary>Reads the key range of <paramref name="domainPrefix"/>: domains are lower-case ASCII, so the range ends before the prefix with its last character raised by one.</summary>
    public async Task<TenantPage> ListAsync(int pageSize, string? continuation, string domainPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainPrefix);
        var filter = domainPrefix.Length == 0
            ? TableClient.CreateQueryFilter($"RowKey eq {TenantEntityMapper.RowKey}")
            : TableClient.CreateQueryFilter($"RowKey eq {TenantEntityMapper.RowKey} and PartitionKey ge {domainPrefix} and PartitionKey lt {domainPrefix[..^1] + (char)(domainPrefix[^1] + 1)}");
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken)
                .AsPages(continuation, pageSize).ConfigureAwait(false))
            {
                return new TenantPage(page.Values.Select(Read).OfType<Tenant>().ToArray(), page.ContinuationToken);
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
        }

        return new TenantPage([], null);
    }

    private Tenant? Read(TableEntity entity)
    {
        try
        {
            return TenantEntityMapper.FromEntity(entity);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // A property of the wrong type (InvalidOperationException from TableEntity) or a value out of range: left out, loudly.
            (logger ?? NullLogger<TableTenantStore>.Instance).LogError(e, "Tenant row {Domain} cannot be read and is left out", entity.PartitionKey);
            return null;
        }
    }

    private async Task<TableEntity?> GetEntityAsync(string domain, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(domain, TenantEntityMapper.RowKey, select, cancellationToken).ConfigureAwait(false);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            return null;
        }
    }

    private async Task<T> WithTableAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
            await table.CreateIfNotExistsAsync().ConfigureAwait(false);
            return await write().ConfigureAwait(false);
        }
    }
}
