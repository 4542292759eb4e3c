namespace MtaSts.Core.Admin;

/// <summary>One page of tenants; pass <see cref="Continuation"/> back as <c>?continuation=</c> for the next page.</summary>
public sealed record TenantListView(IReadOnlyList<TenantView> Tenants, string? Continuation);
