using System.Text.Json;

namespace MtaSts.Core.Tests.Conformance;

/// <summary>
/// Reduces a vector's <c>expected</c> object to the source library's accept / reject verdict. mailauth vectors
/// record a lax and a strict mode: its strict mode is compared, as it follows the RFC grammar.
/// </summary>
public static class LibraryVerdict
{
    public static bool Accepts(JsonElement expected)
    {
        var verdict = expected.TryGetProperty("strict", out var strict) && strict.ValueKind == JsonValueKind.Object ? strict
            : expected.TryGetProperty("lax", out var lax) && lax.ValueKind == JsonValueKind.Object ? lax
            : expected;
        if (verdict.TryGetProperty("result", out var result))
        {
            return result.GetString()!.StartsWith("accept", StringComparison.Ordinal);
        }

        throw new InvalidOperationException("no result in " + expected);
    }

    public static string? Field(JsonElement expected, string name)
    {
        var verdict = expected.TryGetProperty("strict", out var strict) && strict.ValueKind == JsonValueKind.Object ? strict : expected;
        return verdict.TryGetProperty(name, out var value) ? value.ToString() : null;
    }
}
