using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// Finds the <c>[Function]</c> methods of an assembly and reads their trigger attributes the way the Functions host
/// does from the generated metadata. Timer and blob attributes are read by name, so the DevHost does not depend on
/// their extension packages.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Discover(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var found = new List<FunctionDescriptor>();
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is { } function)
                {
                    found.Add(Describe(function.Name, type, method));
                }
            }
        }

        return found;
    }

    private static FunctionDescriptor Describe(string name, Type type, MethodInfo method)
    {
        foreach (var attribute in method.GetParameters().SelectMany(p => p.GetCustomAttributes()))
        {
            switch (attribute)
            {
                case HttpTriggerAttribute http:
                    return new FunctionDescriptor(name, type, method, TriggerKind.Http,
                        Route: http.Route ?? name,
                        HttpMethods: http.Methods?.Select(m => m.ToUpperInvariant()).ToArray(),
                        RequiresKey: http.AuthLevel != AuthorizationLevel.Anonymous);
                case { } timer when timer.GetType().Name == "TimerTriggerAttribute":
                    return new FunctionDescriptor(name, type, method, TriggerKind.Timer,
                        Schedule: (string?)timer.GetType().GetProperty("Schedule")?.GetValue(timer));
                case { } blob when blob.GetType().Name == "BlobTriggerAttribute":
                    return new FunctionDescriptor(name, type, method, TriggerKind.Blob,
                        BlobPath: (string?)blob.GetType().GetProperty("BlobPath")?.GetValue(blob));
            }
        }

        throw new InvalidOperationException($"Function {name} has no trigger the DevHost understands (HTTP, timer, blob).");
    }
}
