using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MtaSts.Functions.Dashboard;

/// <summary>Bytes with a status and content type, written directly (the same on the Functions host and the DevHost); no body for HEAD or 304.</summary>
public sealed class AssetResult(int statusCode, byte[] content, string contentType) : IActionResult
{
    public int StatusCode => statusCode;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        if (statusCode == StatusCodes.Status304NotModified)
        {
            return;
        }

        response.ContentType = contentType;
        response.ContentLength = content.Length;
        if (!HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            await response.Body.WriteAsync(content, context.HttpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
