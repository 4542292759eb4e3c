using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Admin;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Admin;

/// <summary>
/// <c>DELETE /api/tenants/{domain}</c>: offboard (RFC 8461 §8.3). A published tenant switches to <c>mode: none</c>
/// (202) and is removed once senders' caches have expired; a tenant never published is removed at once (204).
/// </summary>
public sealed class DeleteTenant(TenantAdmin admin)
{
    [Function(nameof(DeleteTenant))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "api/tenants/{domain}")] HttpRequest request,
        string domain,
        CancellationToken cancellationToken) =>
        AdminResults.From(await admin.DeleteAsync(domain, cancellationToken).ConfigureAwait(false));
}
