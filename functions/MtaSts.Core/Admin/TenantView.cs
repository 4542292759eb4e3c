namespace MtaSts.Core.Admin;

/// <summary>
/// A tenant as the admin API shows it. <see cref="State"/> is <c>pending-rotation</c> while the DNS id does not yet
/// announce the served policy, <c>published</c> once it does, and <c>offboarding</c> while the policy is withdrawn.
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
    IReadOnlyList<CustomerRecord> Records,
    IReadOnlyList<string> Warnings);
