using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Support;

/// <summary>Policies used across tests.</summary>
public static class Policies
{
    public static StsPolicy Testing(params string[] mx) => new(PolicyMode.Testing, mx.Length == 0 ? ["mail.example.com"] : mx, 86400);

    public static StsPolicy Enforce(params string[] mx) => new(PolicyMode.Enforce, mx.Length == 0 ? ["mail.example.com"] : mx, 604800);
}
