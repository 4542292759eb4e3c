using System.Text.Json;
using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Dashboard;

/// <summary>
/// Read-only share links of one tenant's dashboard page (<see cref="ShareToken"/>): made by an admin call with
/// <c>{"days": N}</c>, checked on every shared read. A link opens only the tenant it names, only while the tenant is
/// the one it was made for, and only until it expires (and never longer than <c>Dashboard:MaxShareDays</c> from now,
/// should that setting be lowered). The token travels in the link's fragment (<c>/shared/#/share/{domain}/{token}</c>),
/// which browsers never send to a server or in a Referer.
/// </summary>
public sealed class ShareLinks(ITenantStore tenants, IOptions<DashboardOptions> options, TimeProvider time)
{
    /// <summary>Longest body read: <c>{"days": 30}</c> is 12 bytes.</summary>
    public const int MaxBodyBytes = 1024;

    public async Task<(ShareLinkView? Link, AdminOutcome Outcome, IReadOnlyList<string> Errors)> CreateAsync(string domainInput, ReadOnlyMemory<byte> body, string requestBaseUrl, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!TenantAdmin.TryReadDomain(domainInput, out var domain, out var error))
        {
            return (null, AdminOutcome.Invalid, [error]);
        }

        if (!settings.SharingEnabled)
        {
            return (null, AdminOutcome.Conflict, [settings.ShareSecret?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true
                ? "share links are off: App Service has not resolved the Key Vault reference in Dashboard:ShareSecret (does the app's identity have the Key Vault Secrets User role on the vault, and is keyVaultReferenceIdentity set?)"
                : "share links are off: set Dashboard:ShareSecret to a random key of at least 32 characters (in Azure, a Key Vault reference; see the README's \"Dashboard\")"]);
        }

        if (ReadDays(body, settings.MaxShareDays) is not { } days)
        {
            return (null, AdminOutcome.Invalid, [$"send {{\"days\": N}} with N a whole number from 1 to {settings.MaxShareDays} (Dashboard:MaxShareDays)"]);
        }

        var tenant = await tenants.GetAsync(domain, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return (null, AdminOutcome.NotFound, [$"no tenant '{domain}'"]);
        }

        var expiresAt = time.GetUtcNow().AddDays(days);
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds());
        var token = ShareToken.Create(settings.ShareSecret!, tenant.Domain, tenant.CreatedAt, expiresAt);
        var baseUrl = (string.IsNullOrEmpty(settings.PublicUrl) ? requestBaseUrl : settings.PublicUrl).TrimEnd('/');
        return (new ShareLinkView($"{baseUrl}/shared/#/share/{tenant.Domain}/{token}", tenant.Domain, expiresAt), AdminOutcome.Created, []);
    }

    /// <summary>
    /// The tenant a shared read may see, or null: sharing off, a token that is malformed, forged, expired or made for
    /// another domain, or a tenant deleted (and perhaps added again) since. The reason is not told apart to the caller.
    /// </summary>
    public async Task<(Tenant Tenant, DateTimeOffset ExpiresAt)?> CheckAsync(string? domainInput, string? token, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.SharingEnabled || !TenantAdmin.TryReadDomain(domainInput ?? string.Empty, out var domain, out _)
            || ShareToken.Read(settings.ShareSecret!, token) is not { } claims
            || !string.Equals(claims.Domain, domain, StringComparison.Ordinal)
            || claims.ExpiresAt <= time.GetUtcNow()
            || claims.ExpiresAt > time.GetUtcNow().AddDays(settings.MaxShareDays))
        {
            return null;
        }

        var tenant = await tenants.GetAsync(domain, cancellationToken).ConfigureAwait(false);
        return tenant is not null && tenant.CreatedAt.ToUnixTimeMilliseconds() == claims.CreatedAtMs ? (tenant, claims.ExpiresAt) : null;
    }

    private static int? ReadDays(ReadOnlyMemory<byte> body, int maxDays)
    {
        if (body.Length is 0 or > MaxBodyBytes)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.EnumerateObject().Count() == 1
                && json.RootElement.TryGetProperty("days", out var days)
                && days.ValueKind == JsonValueKind.Number
                && days.TryGetInt32(out var value)
                && value >= 1 && value <= maxDays
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
