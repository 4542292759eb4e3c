using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Admin;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Admin;

/// <summary><c>GET /api/tenants?pageSize=100&amp;continuation=...</c>: tenants a page at a time, in domain order.</summary>
public sealed class ListTenants(TenantAdmin admin)
{
    [Function(nameof(ListTenants))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/tenants")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (page, errors) = await admin.ListAsync(request.Query["pageSize"], request.Query["continuation"], cancellationToken).ConfigureAwait(false);
        return page is null ? Problem.Result(400, "The request is invalid", errors) : new JsonBodyResult(200, page);
    }
}
