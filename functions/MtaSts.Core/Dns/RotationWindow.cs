using Microsoft.Extensions.Options;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Dns;

/// <summary>
/// The ordering rule of RFC 8461 §3.3 as we apply it: a changed policy's new id may be published only once every
/// serving instance must have dropped the old policy, i.e. after <c>Policy:CacheSeconds</c> plus
/// <c>Rotation:SafetyMarginSeconds</c>. A tenant never published has no old policy anywhere and may go out at once.
/// </summary>
public sealed class RotationWindow(IOptions<PolicyOptions> policy, IOptions<RotationOptions> rotation)
{
    public TimeSpan Length { get; } = TimeSpan.FromSeconds(policy.Value.CacheSeconds + rotation.Value.SafetyMarginSeconds);

    public DateTimeOffset EarliestPublication(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return tenant.PublishedId is null ? tenant.PolicyChangedAt : tenant.PolicyChangedAt + Length;
    }
}
