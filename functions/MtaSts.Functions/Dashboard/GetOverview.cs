using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Dashboard;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Dashboard;

/// <summary><c>GET /api/overview</c>: tenant totals, rotation health and open alerts (<see cref="OverviewService"/>).</summary>
public sealed class GetOverview(OverviewService overview)
{
    [Function(nameof(GetOverview))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/overview")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new JsonBodyResult(200, await overview.GetAsync(cancellationToken).ConfigureAwait(false));
}
