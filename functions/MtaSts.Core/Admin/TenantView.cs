namespace MtaSts.Core.Admin;

/// <summary>
/// A tenant as the admin API shows it. <see cref="State"/> is <c>pending-rotation</c> while the DNS id does not yet
/// announce the served policy, <c>published</c> once it does, and <c>offboarding</c> while the policy is withdrawn.
/// While pending, <see cref="RotationDueAt"/> is the earliest time the new id may be published; after a failed attempt,
/// <see cref="LastError"/>, <see cref="FailedAttempts"/> and <see cref="NextAttemptAt"/> say what went wrong and when
/// it is tried again.
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
    IReadOnlyList<CustomerRecord> Records,
    IReadOnlyList<string> Warnings);
