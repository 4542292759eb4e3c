using System.Globalization;

namespace MtaSts.Core.Admin;

/// <summary>
/// A precondition of a tenant PUT (RFC 9110 §13.1): <see cref="MustNotExist"/> (<c>If-None-Match: *</c>, a create that
/// never replaces a tenant), or <see cref="PolicyVersion"/> (<c>If-Match: "v7"</c>, a change that applies only over
/// the policy version the caller saw, so a stale form cannot undo a newer change of the policy), optionally with the
/// tenant's creation (<c>If-Match: "v7.1764633600000"</c>, <see cref="Admin.TenantView.Revision"/>), so a form left open
/// on a tenant that was deleted and added again does not match the new one. Automation settings (autoPromote, mxSync,
/// webhooks) do not change the policy version and are not guarded by it.
/// </summary>
public sealed record PutCondition(bool MustNotExist, long? PolicyVersion, long? CreatedAtMs = null)
{
    public static readonly PutCondition None = new(false, null);

    /// <summary>The entity tag of a tenant's policy version and creation, as <c>If-Match</c> takes it: <c>"v7.1764633600000"</c>.</summary>
    public static string ETagOf(long policyVersion, DateTimeOffset createdAt) =>
        string.Create(CultureInfo.InvariantCulture, $"\"v{policyVersion}.{createdAt.ToUnixTimeMilliseconds()}\"");

    /// <summary>Whether <paramref name="tenant"/> (null: none) is the one this condition allows a write over.</summary>
    public bool HoldsFor(Tenants.Tenant? tenant) =>
        (!MustNotExist || tenant is null)
        && (PolicyVersion is not { } version || (tenant is not null && tenant.PolicyVersion == version && (CreatedAtMs is not { } created || tenant.CreatedAt.ToUnixTimeMilliseconds() == created)));

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

        const string Problem = "If-Match takes the tenant's revision, \"v<policyVersion>\" or \"v<policyVersion>.<created>\", e.g. \"v7\"";
        if (match.Length is < 4 or > 44 || !match.StartsWith("\"v", StringComparison.Ordinal) || !match.EndsWith('"'))
        {
            return (null, Problem);
        }

        var parts = match[2..^1].Split('.');
        return parts.Length <= 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && (parts.Length == 1 || long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? (new PutCondition(false, version, parts.Length == 2 ? long.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture) : null), null)
            : (null, Problem);
    }
}
