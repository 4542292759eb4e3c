namespace MtaSts.Core.Tenants;

/// <summary>One page of <see cref="ITenantStore.ListAsync(int, string?, CancellationToken)"/>; <see cref="Continuation"/> is null on the last page.</summary>
public sealed record TenantPage(IReadOnlyList<Tenant> Tenants, string? Continuation);
