using System.Text;
using MtaSts.Core.Admin;

namespace MtaSts.DevHost.Hosting;

/// <summary>Seeds the demo tenant (<c>DevHost:DemoDomain</c>) so that a fresh DevHost has a policy to serve.</summary>
public static class DemoTenant
{
    public static async Task<string?> SeedAsync(IServiceProvider services, string? domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (string.IsNullOrWhiteSpace(domain))
        {
            return null;
        }

        var body = Encoding.UTF8.GetBytes($$"""{"mode":"testing","mx":["mail.{{domain}}","*.mx.{{domain}}"],"maxAge":86400}""");
        var result = await services.GetRequiredService<TenantAdmin>().PutAsync(domain, body, cancellationToken).ConfigureAwait(false);
        if (result.Tenant is null)
        {
            throw new InvalidOperationException($"The demo tenant '{domain}' could not be seeded: {string.Join("; ", result.Errors)}");
        }

        return result.Tenant.Domain;
    }
}
