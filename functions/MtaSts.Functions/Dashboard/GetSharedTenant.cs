using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Dashboard;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Dashboard;

/// <summary>
/// <c>GET /api/shared/{domain}</c> with the share link's token in <c>x-share-token</c>: the tenant's read-only page
/// data (<see cref="SharedTenantService"/>). Anonymous: the token is the key. Any token that does not open this tenant
/// gets the same 403, so it says nothing about which tenants exist.
/// </summary>
public sealed class GetSharedTenant(SharedTenantService shared)
{
    public const string TokenHeader = "x-share-token";

    [Function(nameof(GetSharedTenant))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/shared/{domain}")] HttpRequest request,
        string domain,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var view = await shared.GetAsync(domain, request.Headers[TokenHeader].ToString(), cancellationToken).ConfigureAwait(false);
        return view is null
            ? Problem.Result(403, "This link does not open this tenant", ["the share link is invalid, has expired, or was made for another domain; ask the operator for a new one"])
            : new JsonBodyResult(200, view);
    }
}
