using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Admin;
using MtaSts.Core.Checks;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Admin;

/// <summary>
/// <c>GET /api/tenants/{domain}/status</c>: the domain as senders see it, and our own consistency checks; 200 within
/// <c>Checks:StatusDeadlineSeconds</c>, with any check not finished by then reported as failed.
/// </summary>
public sealed class GetTenantStatus(TenantStatusService status)
{
    [Function(nameof(GetTenantStatus))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/tenants/{domain}/status")] HttpRequest request,
        string domain,
        CancellationToken cancellationToken)
    {
        var (view, outcome, errors) = await status.GetAsync(domain, cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            AdminOutcome.Found => new JsonBodyResult(200, view!),
            AdminOutcome.NotFound => Problem.Result(404, "Tenant not found", errors),
            _ => Problem.Result(400, "The request is invalid", errors),
        };
    }
}
