namespace MtaSts.Core.Tenants;

/// <summary>
/// Tenant rows. Every write is conditional: <see cref="AddAsync"/> fails if the row exists,
/// <see cref="UpdateAsync"/> and <see cref="DeleteAsync"/> only succeed on the ETag they were given
/// (<see cref="TenantConflictException"/> otherwise).
/// </summary>
public interface ITenantStore
{
    /// <summary>One point read; null when the tenant does not exist.</summary>
    Task<Tenant?> GetAsync(string domain, CancellationToken cancellationToken);

    /// <summary>One point read of the served policy text only; null when the tenant does not exist.</summary>
    Task<string?> GetPolicyTextAsync(string domain, CancellationToken cancellationToken);

    Task<Tenant> AddAsync(Tenant tenant, CancellationToken cancellationToken);

    Task<Tenant> UpdateAsync(Tenant tenant, CancellationToken cancellationToken);

    Task DeleteAsync(Tenant tenant, CancellationToken cancellationToken);

    /// <summary>One page of tenants in domain order; <paramref name="continuation"/> from the previous page.</summary>
    Task<TenantPage> ListAsync(int pageSize, string? continuation, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the tenants whose domain starts with <paramref name="domainPrefix"/> (lower case), in domain order.
    /// A page may hold fewer than <paramref name="pageSize"/> (even none) while <see cref="TenantPage.Continuation"/>
    /// says there is more. This default filters <see cref="ListAsync(int, string?, CancellationToken)"/>; stores that
    /// can read a key range do better.
    /// </summary>
    async Task<TenantPage> ListAsync(int pageSize, string? continuation, string domainPrefix, CancellationToken cancellationToken)
    {
        var page = await ListAsync(pageSize, continuation, cancellationToken).ConfigureAwait(false);
        return page with { Tenants = page.Tenants.Where(t => t.Domain.StartsWith(domainPrefix, StringComparison.Ordinal)).ToArray() };
    }
}
