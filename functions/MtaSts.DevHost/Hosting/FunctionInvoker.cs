using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// Runs a function as the isolated worker does: a new instance from DI for each call (a new scope), parameters
/// bound by type and name, the returned task awaited. How to build the instance and bind each parameter is worked out
/// once per function, not per call. Runs of one non-HTTP function never overlap, as the Functions host's singleton
/// lock for timers guarantees.
/// </summary>
public sealed class FunctionInvoker(IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Plan> plans = new(StringComparer.Ordinal);

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
        var plan = plans.GetOrAdd(function.Name, _ => Plan.For(function));
        await using var scope = services.CreateAsyncScope();
        var instance = plan.Factory(scope.ServiceProvider, null);
        var arguments = new object?[plan.Binders.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = plan.Binders[i](bindings, cancellationToken);
        }

        var result = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, arguments, null);
        if (result is not Task task)
        {
            return result;
        }

        await task.ConfigureAwait(false);
        return plan.Result?.GetValue(task);
    }

    /// <summary>How to call one function: the instance factory, a binder per parameter, and where the task's result is.</summary>
    private sealed record Plan(ObjectFactory Factory, Func<FunctionBindings, CancellationToken, object?>[] Binders, PropertyInfo? Result)
    {
        public static Plan For(FunctionDescriptor function)
        {
            var returns = function.Method.ReturnType;
            var result = returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>) ? returns.GetProperty(nameof(Task<object>.Result)) : null;
            return new Plan(
                ActivatorUtilities.CreateFactory(function.Type, Type.EmptyTypes),
                function.Method.GetParameters().Select(p => Binder(function, p)).ToArray(),
                result);
        }

        private static Func<FunctionBindings, CancellationToken, object?> Binder(FunctionDescriptor function, ParameterInfo parameter)
        {
            var type = parameter.ParameterType;
            if (type == typeof(CancellationToken))
            {
                return (_, token) => token;
            }

            if (type == typeof(HttpRequest))
            {
                return (bindings, _) => bindings.Request;
            }

            if (parameter.GetCustomAttributes().Any(a => a.GetType().Name is "TimerTriggerAttribute" or "BlobTriggerAttribute"))
            {
                return (bindings, _) => bindings.TriggerValue?.Invoke(type) ?? Activator.CreateInstance(type);
            }

            if (type == typeof(string) && parameter.Name is { } name)
            {
                return (bindings, _) => bindings.Values.TryGetValue(name, out var value)
                    ? value
                    : throw new InvalidOperationException($"No value for parameter '{name}' of function {function.Name}.");
            }

            throw new InvalidOperationException($"The DevHost cannot bind parameter '{parameter.Name}' of function {function.Name}.");
        }
    }
}
