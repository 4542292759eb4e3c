namespace MtaSts.Core.Admin;

/// <summary>
/// A tenant as the admin API shows it. <see cref="State"/> is <c>pending-rotation</c> while the DNS id does not yet
/// announce the served policy, <c>published</c> once it does, and <c>offboarding</c> while the policy is withdrawn.
/// While pending, <see cref="RotationDueAt"/> is the earliest time the new id may be published; after a failed attempt,
/// <see cref="LastError"/>, <see cref="FailedAttempts"/> and <see cref="NextAttemptAt"/> say what went wrong and when
/// it is tried again. While offboarding, once the <c>mode: none</c> id is out, <see cref="RemovalDueAt"/> is the
/// earliest time the record is removed: when every policy a sender may hold has expired (RFC 8461 §8.3); the tenant
/// follows once the record's TTL has passed. With Front Door onboarding on, <see cref="CustomDomain"/> says where the
/// tenant's <c>mta-sts</c> custom domain and its certificate are, and what the customer must still do.
/// <see cref="AutoPromote"/>, <see cref="MxSync"/> and <see cref="AlertWebhooks"/> are the automation settings; webhook
/// URLs are shown as scheme and host only, since incoming-webhook URLs (Slack, Teams) carry their secret in the path.
/// </summary>
public sealed record TenantView(
    string Domain,
    string Mode,
    IReadOnlyList<string> Mx,
    long MaxAge,
    string Policy,
    string PolicyHash,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset PolicyChangedAt,
    string? PublishedId,
    DateTimeOffset? PublishedAt,
    string? LastError,
    int FailedAttempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? RotationDueAt,
    DateTimeOffset? LastVerifiedAt,
    DateTimeOffset? RemovalDueAt,
    IReadOnlyList<CustomerRecord> Records,
    IReadOnlyList<string> Warnings,
    FrontDoor.CustomDomainView? CustomDomain = null,
    DateTimeOffset? ModeChangedAt = null,
    string? PolicyChangedBy = null,
    bool AutoPromote = false,
    string MxSync = "off",
    IReadOnlyList<string>? AlertWebhooks = null,
    long PolicyVersion = 0)
{
    /// <summary>The tenant's revision for <c>If-Match</c> (<see cref="PutCondition"/>): its policy version and creation.</summary>
    public string Revision => PutCondition.ETagOf(PolicyVersion, CreatedAt);
}
