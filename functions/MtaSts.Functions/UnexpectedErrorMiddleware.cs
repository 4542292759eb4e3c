using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace MtaSts.Functions;

/// <summary>
/// The one place unexpected exceptions end: logged with the function name, answered as a problem without internal
/// details (503 for a storage fault, 500 otherwise). Function code handles every expected failure itself.
/// </summary>
public sealed class UnexpectedErrorMiddleware(ILogger<UnexpectedErrorMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            logger.LogError(e, "Function {Function} failed", context.FunctionDefinition.Name);
            await UnexpectedError.WriteAsync(http, e).ConfigureAwait(false);
        }
    }
}
