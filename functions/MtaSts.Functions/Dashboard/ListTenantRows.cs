using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Dashboard;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Dashboard;

/// <summary>
/// <c>GET /api/dashboard/tenants?search=&amp;pageSize=&amp;continuation=</c>: the tenant list of the dashboard, a page at
/// a time, each tenant with its rotation health, readiness, open alerts and last report (<see cref="DashboardTenants"/>).
/// </summary>
public sealed class ListTenantRows(DashboardTenants rows)
{
    [Function(nameof(ListTenantRows))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/dashboard/tenants")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (page, errors) = await rows.ListAsync(request.Query["search"], request.Query["pageSize"], request.Query["continuation"], cancellationToken).ConfigureAwait(false);
        return page is null ? Problem.Result(400, "The request is invalid", errors) : new JsonBodyResult(200, page);
    }
}
