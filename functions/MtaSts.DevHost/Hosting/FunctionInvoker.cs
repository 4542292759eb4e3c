using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// Runs a function as the isolated worker does: a new instance from DI for each call (a new scope), parameters
/// bound by type and name, the returned task awaited. Runs of one non-HTTP function never overlap, as the
/// Functions host's singleton lock for timers guarantees.
/// </summary>
public sealed class FunctionInvoker(IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new(StringComparer.Ordinal);

    public async Task<object?> InvokeAsync(FunctionDescriptor function, FunctionBindings bindings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(bindings);
        if (function.Trigger == TriggerKind.Http)
        {
            return await RunAsync(function, bindings, cancellationToken).ConfigureAwait(false);
        }

        var gate = locks.GetOrAdd(function.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAsync(function, bindings, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<object?> RunAsync(FunctionDescriptor function, FunctionBindings bindings, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Type);
        var arguments = function.Method.GetParameters().Select(p => Bind(function, p, bindings, cancellationToken)).ToArray();
        var result = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, arguments, null);
        if (result is not Task task)
        {
            return result;
        }

        await task.ConfigureAwait(false);
        var type = task.GetType();
        return type.IsGenericType && type.GetGenericArguments()[0].Name != "VoidTaskResult"
            ? type.GetProperty(nameof(Task<object>.Result))!.GetValue(task)
            : null;
    }

    private static object? Bind(FunctionDescriptor function, ParameterInfo parameter, FunctionBindings bindings, CancellationToken cancellationToken)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return cancellationToken;
        }

        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return bindings.Request;
        }

        if (parameter.GetCustomAttributes().Any(a => a.GetType().Name is "TimerTriggerAttribute" or "BlobTriggerAttribute"))
        {
            return bindings.TriggerValue?.Invoke(parameter.ParameterType) ?? Activator.CreateInstance(parameter.ParameterType);
        }

        if (parameter.ParameterType == typeof(string) && parameter.Name is { } name && bindings.Values.TryGetValue(name, out var value))
        {
            return value;
        }

        throw new InvalidOperationException($"The DevHost cannot bind parameter '{parameter.Name}' of function {function.Name}.");
    }
}
