using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using MtaSts.Core.Serving;

namespace MtaSts.Functions.Http;

/// <summary>
/// Writes a <see cref="PolicyResponse"/>: <c>text/plain</c> with an exact Content-Length, no body for HEAD,
/// <c>Cache-Control: no-store</c> so no proxy keeps a policy longer than our own cache window, except a served policy
/// when <c>Policy:EdgeCacheSeconds</c> lets the edge keep it (<paramref name="policyCacheControl"/>; the rotation
/// window counts it).
/// </summary>
public sealed class PolicyFileResult(PolicyResponse policy, bool head, string policyCacheControl = "no-store") : IActionResult
{
    public PolicyResponse Policy => policy;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = policy.StatusCode;
        response.ContentType = PolicyResponse.ContentType;
        response.Headers.CacheControl = policy.StatusCode == 200 ? policyCacheControl : "no-store";
        if (policy.Allow is not null)
        {
            response.Headers.Allow = policy.Allow;
        }

        var body = policy.Body ?? System.Text.Encoding.UTF8.GetBytes((policy.Message ?? string.Empty) + "\r\n");
        response.ContentLength = body.Length;
        if (!head)
        {
            await response.Body.WriteAsync(body, context.HttpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
