using Microsoft.Extensions.Options;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Dns;

/// <summary>
/// The ordering rule of RFC 8461 §3.3 as we apply it. A serving instance keeps a copy it read from storage for
/// <c>Policy:CacheSeconds</c>, and on a storage fault serves it at most <see cref="StaleLimit"/> after the read began.
/// A changed policy's new id may therefore be published only <see cref="Length"/> (<c>Policy:CacheSeconds</c> +
/// <c>Policy:EdgeCacheSeconds</c> + <c>Rotation:SafetyMarginSeconds</c>) after the change, when no instance (and no
/// Front Door edge holding a copy an instance served) can still serve an older policy; the half
/// of the margin that stale serving does not use is left for clock skew between instances. The window applies to a
/// tenant's first id too: the tenant may have served another policy before (a change, or a deleted and re-created
/// tenant), and nothing on the row can prove otherwise.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-3.3"/>
public sealed class RotationWindow(IOptions<PolicyOptions> policy, IOptions<RotationOptions> rotation)
{
    /// <summary>From a change until its id may be published: the instances' cache, the edge's (<c>Policy:EdgeCacheSeconds</c>) and the margin.</summary>
    public TimeSpan Length { get; } = TimeSpan.FromSeconds(policy.Value.CacheSeconds + policy.Value.EdgeCacheSeconds + rotation.Value.SafetyMarginSeconds);

    /// <summary>How long after its read began a copy may be served while storage fails: CacheSeconds + half the margin.</summary>
    public TimeSpan StaleLimit { get; } = TimeSpan.FromSeconds(policy.Value.CacheSeconds + (rotation.Value.SafetyMarginSeconds / 2.0));

    /// <summary>
    /// How long an admin write may take after the change was stamped: a quarter of the margin. A slower write is stamped
    /// again once done, so that the window still starts no earlier than any instance could read the change.
    /// </summary>
    public TimeSpan WriteAllowance { get; } = TimeSpan.FromSeconds(rotation.Value.SafetyMarginSeconds / 4.0);

    /// <summary>When the first change not yet published may be: its change time + <see cref="Length"/>.</summary>
    public DateTimeOffset EarliestPublication(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var first = tenant.Changes.FirstOrDefault(c => c.Version > (tenant.PublishedVersion ?? 0));
        return (first?.ChangedAt ?? tenant.PolicyChangedAt) + Length;
    }

    /// <summary>
    /// The newest version whose window has passed at <paramref name="now"/> and that has no id yet, or null. Publishing
    /// for it is safe even when newer versions are still waiting: a sender that sees its id can only fetch it or a newer
    /// one, and so a stream of changes cannot hold off every new id.
    /// </summary>
    public long? PublishableVersion(Tenant tenant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var published = tenant.PublishedVersion ?? 0;
        if (tenant.Changes.Count == 0)
        {
            return tenant.PolicyVersion > published && tenant.PolicyChangedAt + Length <= now ? tenant.PolicyVersion : null;
        }

        return tenant.Changes.LastOrDefault(c => c.Version > published && c.ChangedAt + Length <= now)?.Version;
    }
}
