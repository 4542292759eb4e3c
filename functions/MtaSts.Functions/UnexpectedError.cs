using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MtaSts.Functions.Http;

namespace MtaSts.Functions;

/// <summary>The answer to an unexpected exception: 503 for a storage fault, 500 otherwise, never a stack trace.</summary>
public static class UnexpectedError
{
    public static Task WriteAsync(HttpContext http, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(http);
        var unwrapped = exception is AggregateException { InnerException: { } inner } ? inner : exception;
        var result = unwrapped is RequestFailedException or TimeoutException
            ? Problem.Result(503, "Storage is unavailable", ["try again shortly; trace id " + http.TraceIdentifier])
            : Problem.Result(500, "Unexpected error", ["trace id " + http.TraceIdentifier]);
        return result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
    }
}
