namespace MtaSts.Core.Dashboard;

/// <summary>One page of <see cref="TenantRow"/>; pass <see cref="Continuation"/> back for the next.</summary>
public sealed record TenantRowPage(IReadOnlyList<TenantRow> Tenants, string? Continuation);
