using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using MtaSts.Functions;
using MtaSts.Functions.Http;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// Maps HTTP functions on their Functions routes (route prefix <c>""</c>, as in host.json) with the function key
/// check, and <c>POST /admin/functions/{name}</c>, which runs a non-HTTP function now and answers when it has finished.
/// </summary>
public static class FunctionEndpoints
{
    private static readonly Dictionary<string, string?> NoValues = new(StringComparer.OrdinalIgnoreCase);

    public static void MapFunctions(this WebApplication app, IReadOnlyList<FunctionDescriptor> functions)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var function in functions.Where(f => f.Trigger == TriggerKind.Http))
        {
            RequestDelegate handler = context => HandleAsync(context, function);
            if (function.HttpMethods is { Count: > 0 } methods)
            {
                app.MapMethods(function.Route!, methods, handler).WithDisplayName(function.Name);
            }
            else
            {
                app.Map(function.Route!, handler).WithDisplayName(function.Name);
            }
        }

        app.MapPost("admin/functions/{name}", context => RunNowAsync(context, functions)).WithDisplayName("RunFunction");
    }

    private static async Task HandleAsync(HttpContext context, FunctionDescriptor function)
    {
        var services = context.RequestServices;
        if (function.RequiresKey && !services.GetRequiredService<FunctionKey>().IsPresentIn(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        try
        {
            var values = context.Request.RouteValues.Count == 0
                ? NoValues
                : context.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value?.ToString(), StringComparer.OrdinalIgnoreCase);
            var result = await services.GetRequiredService<FunctionInvoker>()
                .InvokeAsync(function, new FunctionBindings(context.Request, values), context.RequestAborted);
            if (result is IActionResult action)
            {
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
            }
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            services.GetRequiredService<ILogger<FunctionInvoker>>().LogError(e, "Function {Function} failed", function.Name);
            await UnexpectedError.WriteAsync(context, e);
        }
    }

    private static async Task RunNowAsync(HttpContext context, IReadOnlyList<FunctionDescriptor> functions)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<FunctionKey>().IsPresentIn(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var name = context.Request.RouteValues["name"]?.ToString();
        var function = functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase) && f.Trigger != TriggerKind.Http);
        if (function is null)
        {
            await Problem.Result(404, "No such non-HTTP function", [$"'{name}' is not a timer or blob function of this app"])
                .ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
            return;
        }

        var input = await ReadInputAsync(context.Request);
        var watch = Stopwatch.StartNew();
        try
        {
            await services.GetRequiredService<NonHttpFunctionRunner>().RunAsync(function, input, context.RequestAborted);
            await new JsonBodyResult(200, new { function = function.Name, status = "Succeeded", durationMs = watch.ElapsedMilliseconds })
                .ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            services.GetRequiredService<ILogger<FunctionInvoker>>().LogError(e, "Function {Function} failed", function.Name);
            await new JsonBodyResult(500, new { function = function.Name, status = "Failed", error = e.Message, durationMs = watch.ElapsedMilliseconds })
                .ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        }
    }

    /// <summary>The real host's admin API takes <c>{"input": "..."}</c>; for a blob function it is the blob path.</summary>
    private static async Task<string?> ReadInputAsync(HttpRequest request)
    {
        var body = await BoundedBody.ReadAsync(request, 4096, request.HttpContext.RequestAborted);
        if (body is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("input", out var input) ? input.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
