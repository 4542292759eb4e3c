using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace MtaSts.Functions.Dashboard;

/// <summary>
/// <c>GET /dashboard/</c> and its files (<see cref="DashboardAssets"/>). Anonymous, because the files hold no data: the
/// page asks for the admin key (or reads a share link) and calls the API with it. Every answer carries a strict
/// Content-Security-Policy (scripts, styles and connections from this origin only; no inline script or style; no
/// framing), <c>nosniff</c> and <c>no-referrer</c>.
/// </summary>
public sealed class ServeDashboard(DashboardAssets assets)
{
    /// <summary>The policy on every dashboard answer.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Function(nameof(ServeDashboard))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "dashboard/{*path}")] HttpRequest request,
        string? path) => Serve(assets, request, path);

    /// <summary>
    /// Answers one dashboard file: the page for an empty path (after a redirect that adds the trailing slash, since the
    /// page names its files relative to its own address), a file by its exact name, or 404.
    /// </summary>
    public static IActionResult Serve(DashboardAssets assets, HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (assets.Find(path) is not { } asset)
        {
            return new AssetResult(404, "No such dashboard file.\n"u8.ToArray(), "text/plain; charset=utf-8");
        }

        var requested = request.Path.Value ?? string.Empty;
        if (string.IsNullOrEmpty(path) && !requested.EndsWith('/'))
        {
            // Relative, so it holds behind any proxy; the browser keeps the fragment (the route, a share link's token).
            headers.Location = requested.Split('/')[^1] + "/";
            return new AssetResult(301, [], asset.ContentType);
        }

        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            return new AssetResult(304, [], asset.ContentType);
        }

        return new AssetResult(200, asset.Content, asset.ContentType);
    }
}
