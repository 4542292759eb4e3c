using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Admin;
using MtaSts.Core.Readiness;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Admin;

/// <summary>
/// <c>GET /api/tenants/{domain}/readiness</c>: whether <c>enforce</c> is safe, with a top-level <c>verdict</c>
/// (<c>ready</c>, <c>not-yet</c>, <c>blocked</c>) and each criterion's evidence and fix (<see cref="ReadinessService"/>).
/// </summary>
public sealed class GetTenantReadiness(ReadinessService readiness)
{
    [Function(nameof(GetTenantReadiness))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/tenants/{domain}/readiness")] HttpRequest request,
        string domain,
        CancellationToken cancellationToken)
    {
        var (view, outcome, errors) = await readiness.GetAsync(domain, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            AdminOutcome.Found => new JsonBodyResult(200, view!),
            AdminOutcome.NotFound => Problem.Result(404, "Tenant not found", errors),
            _ => Problem.Result(400, "The request is invalid", errors),
        };
    }
}
