using System.Reflection;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// One function found by <see cref="FunctionCatalog"/>: its name, class and method, and what its trigger attribute
/// says (HTTP route, methods and authorization level; timer schedule; blob path).
/// </summary>
public sealed record FunctionDescriptor(
    string Name,
    Type Type,
    MethodInfo Method,
    TriggerKind Trigger,
    string? Route = null,
    IReadOnlyList<string>? HttpMethods = null,
    bool RequiresKey = false,
    string? Schedule = null,
    string? BlobPath = null);
