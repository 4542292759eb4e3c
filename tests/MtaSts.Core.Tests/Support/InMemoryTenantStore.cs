using System.Collections.Concurrent;
using Azure;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Tests.Support;

/// <summary>An <see cref="ITenantStore"/> in memory with the same ETag rules as the Table store, and hooks to inject faults.</summary>
public sealed class InMemoryTenantStore : ITenantStore
{
    private readonly ConcurrentDictionary<string, Tenant> rows = new(StringComparer.Ordinal);
    private int version;

    public int Reads;

    /// <summary>Run before every read; throw from it to simulate a storage fault, or await to hold the read.</summary>
    public Func<string, Task>? BeforeRead { get; set; }

    /// <summary>Run after a policy text read took its value, before it returns (to let a read see an old value late).</summary>
    public Func<string, Task>? AfterRead { get; set; }

    /// <summary>Run before every update; throw <see cref="TenantConflictException"/> to simulate a racing writer.</summary>
    public Action<Tenant>? BeforeUpdate { get; set; }

    public IReadOnlyCollection<Tenant> All => rows.Values.ToArray();

    public async Task<Tenant?> GetAsync(string domain, CancellationToken cancellationToken)
    {
        await ReadHookAsync(domain);
        return rows.GetValueOrDefault(domain);
    }

    public async Task<string?> GetPolicyTextAsync(string domain, CancellationToken cancellationToken)
    {
        await ReadHookAsync(domain);
        var text = rows.TryGetValue(domain, out var tenant) ? tenant.PolicyText : null;
        if (AfterRead is { } hook)
        {
            await hook(domain);
        }

        return text;
    }

    public Task<Tenant> AddAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var stored = tenant with { ETag = NextETag() };
        return rows.TryAdd(tenant.Domain, stored) ? Task.FromResult(stored) : throw new TenantConflictException("exists");
    }

    public Task<Tenant> UpdateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        BeforeUpdate?.Invoke(tenant);
        lock (rows)
        {
            if (!rows.TryGetValue(tenant.Domain, out var current) || current.ETag != tenant.ETag)
            {
                throw new TenantConflictException("changed");
            }

            var stored = tenant with { ETag = NextETag() };
            rows[tenant.Domain] = stored;
            return Task.FromResult(stored);
        }
    }

    public Task DeleteAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            if (!rows.TryGetValue(tenant.Domain, out var current) || current.ETag != tenant.ETag)
            {
                throw new TenantConflictException("changed");
            }

            rows.TryRemove(tenant.Domain, out _);
            return Task.CompletedTask;
        }
    }

    public Task<TenantPage> ListAsync(int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var ordered = rows.Values.OrderBy(t => t.Domain, StringComparer.Ordinal).Where(t => continuation is null || string.CompareOrdinal(t.Domain, continuation) >= 0).ToArray();
        var page = ordered.Take(pageSize).ToArray();
        return Task.FromResult(new TenantPage(page, ordered.Length > pageSize ? ordered[pageSize].Domain : null));
    }

    private async Task ReadHookAsync(string domain)
    {
        Interlocked.Increment(ref Reads);
        if (BeforeRead is { } hook)
        {
            await hook(domain);
        }
    }

    private ETag NextETag() => new($"W/\"{Interlocked.Increment(ref version)}\"");
}
