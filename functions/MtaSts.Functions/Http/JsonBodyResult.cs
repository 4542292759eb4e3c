using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MtaSts.Functions.Http;

/// <summary>A JSON response written with System.Text.Json (camelCase, enums as strings), the same on the Functions host and the DevHost.</summary>
public sealed class JsonBodyResult(int statusCode, object body, string contentType = "application/json; charset=utf-8") : IActionResult
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public int StatusCode => statusCode;

    public object Body => body;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(response.Body, body, Options, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
