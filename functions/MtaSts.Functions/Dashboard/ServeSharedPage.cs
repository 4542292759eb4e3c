using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace MtaSts.Functions.Dashboard;

/// <summary>
/// <c>GET /shared/</c> and its files: the same page as <see cref="ServeDashboard"/>, at the address share links use,
/// so that App Service Authentication can guard <c>/dashboard</c> for operators while leaving <c>/shared</c> (and
/// <c>/api/shared/</c>) open to domain owners, whose link is their key.
/// </summary>
public sealed class ServeSharedPage(DashboardAssets assets)
{
    [Function(nameof(ServeSharedPage))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "shared/{*path}")] HttpRequest request,
        string? path) => ServeDashboard.Serve(assets, request, path);
}
