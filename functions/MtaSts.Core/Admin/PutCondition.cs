namespace MtaSts.Core.Admin;

/// <summary>
/// A precondition of a tenant PUT (RFC 9110 §13.1): <see cref="MustNotExist"/> (<c>If-None-Match: *</c>, a create that
/// never replaces a tenant), or <see cref="PolicyVersion"/> (<c>If-Match: "v7"</c>, a change that applies only over
/// the version the caller saw, so a stale form cannot undo a newer change).
/// </summary>
public sealed record PutCondition(bool MustNotExist, long? PolicyVersion)
{
    public static readonly PutCondition None = new(false, null);

    /// <summary>The entity tag of a policy version, as <c>If-Match</c> takes it: <c>"v7"</c>.</summary>
    public static string ETagOf(long policyVersion) => $"\"v{policyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";

    /// <summary>Reads the request's <c>If-None-Match</c> and <c>If-Match</c>; null (with the problem) when they are not ones this API gives.</summary>
    public static (PutCondition? Condition, string? Problem) Read(string? ifNoneMatch, string? ifMatch)
    {
        var none = string.IsNullOrWhiteSpace(ifNoneMatch) ? null : ifNoneMatch.Trim();
        var match = string.IsNullOrWhiteSpace(ifMatch) ? null : ifMatch.Trim();
        if (none is not null && none != "*")
        {
            return (null, "If-None-Match takes only * (create, never replace)");
        }

        if (match is null)
        {
            return (none is null ? None : new PutCondition(true, null), null);
        }

        if (none is not null)
        {
            return (null, "send If-None-Match or If-Match, not both");
        }

        return match.Length is > 3 and <= 22 && match.StartsWith("\"v", StringComparison.Ordinal) && match.EndsWith('"')
            && long.TryParse(match.AsSpan(2, match.Length - 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? (new PutCondition(false, version), null)
            : (null, "If-Match takes the tenant's policyVersion as \"v<version>\", e.g. \"v7\"");
    }
}
