using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Admin;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Admin;

/// <summary><c>GET /api/tenants/{domain}</c>: the tenant, its policy, state and the DNS records to create.</summary>
public sealed class GetTenant(TenantAdmin admin)
{
    [Function(nameof(GetTenant))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/tenants/{domain}")] HttpRequest request,
        string domain,
        CancellationToken cancellationToken) =>
        AdminResults.From(await admin.GetAsync(domain, cancellationToken).ConfigureAwait(false));
}
