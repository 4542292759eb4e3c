using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Alerts;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Admin;

/// <summary><c>GET /api/alerts?state=open&amp;pageSize=100&amp;continuation=...</c>: every tenant's open alerts, a page at a time.</summary>
public sealed class ListAlerts(AlertQueries queries)
{
    [Function(nameof(ListAlerts))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/alerts")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (view, errors) = await queries.ListAsync(request.Query["state"], request.Query["pageSize"], request.Query["continuation"], cancellationToken).ConfigureAwait(false);
        return view is null ? Problem.Result(400, "The request is invalid", errors) : new JsonBodyResult(200, view);
    }
}
