using System.Diagnostics.CodeAnalysis;

namespace MtaSts.Core.Policies;

/// <summary>
/// Text forms of <see cref="PolicyMode"/>. RFC 8461 §3.2 defines the values as case-sensitive
/// (<c>%s"enforce"</c>), so parsing is ordinal.
/// </summary>
public static class PolicyModes
{
    public static string ToText(this PolicyMode mode) => mode switch
    {
        PolicyMode.Enforce => "enforce",
        PolicyMode.Testing => "testing",
        PolicyMode.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out PolicyMode? mode)
    {
        mode = text switch
        {
            "enforce" => PolicyMode.Enforce,
            "testing" => PolicyMode.Testing,
            "none" => PolicyMode.None,
            _ => null,
        };
        return mode is not null;
    }
}
