using Microsoft.AspNetCore.Http;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// What a function's parameters are bound from: the HTTP request, named values (route values, the blob's
/// <c>{name}</c>) and the trigger's own value (a <c>TimerInfo</c>, the blob content).
/// </summary>
public sealed record FunctionBindings(HttpRequest? Request, IReadOnlyDictionary<string, string?> Values, Func<Type, object?>? TriggerValue = null)
{
    public static readonly FunctionBindings Empty = new(null, new Dictionary<string, string?>());
}
