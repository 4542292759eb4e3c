using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Admin;
using MtaSts.Core.Alerts;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Admin;

/// <summary><c>GET /api/tenants/{domain}/alerts</c>: the tenant's alerts, open and resolved, and its recent notices.</summary>
public sealed class GetTenantAlerts(AlertQueries queries)
{
    [Function(nameof(GetTenantAlerts))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/tenants/{domain}/alerts")] HttpRequest request,
        string domain,
        CancellationToken cancellationToken)
    {
        var (view, outcome, errors) = await queries.ForTenantAsync(domain, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            AdminOutcome.Found => new JsonBodyResult(200, view!),
            AdminOutcome.NotFound => Problem.Result(404, "Tenant not found", errors),
            _ => Problem.Result(400, "The request is invalid", errors),
        };
    }
}
