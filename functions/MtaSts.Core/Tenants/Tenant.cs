using Azure;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Tenants;

/// <summary>
/// One mail domain we serve an MTA-STS policy for. Every admin change of the served policy, even one that restores an
/// earlier policy, increments <see cref="PolicyVersion"/>; <see cref="PublishedVersion"/> is the version whose id is in
/// DNS. While they differ the tenant is pending rotation: a sender may have fetched any version served since the last
/// id, so the id must change, and only once every serving instance must have dropped the older policies (RFC 8461 §3.3).
/// </summary>
public sealed record Tenant
{
    /// <summary>The mail domain, as a lower-case A-label name.</summary>
    public required string Domain { get; init; }

    public required StsPolicy Policy { get; init; }

    public TenantState State { get; init; } = TenantState.Active;

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the policy we serve last changed: the start of the rotation's waiting window.</summary>
    public required DateTimeOffset PolicyChangedAt { get; init; }

    /// <summary>
    /// When the served mode last changed (the start of a <c>testing</c> period, for readiness); null on rows written
    /// before it was recorded, which readiness reads as <see cref="PolicyChangedAt"/>, never earlier.
    /// </summary>
    public DateTimeOffset? ModeChangedAt { get; init; }

    /// <summary>Who or what made the last policy change: <see cref="PolicyChangers.Admin"/>, <see cref="PolicyChangers.AutoPromote"/> or <see cref="PolicyChangers.MxSync"/>.</summary>
    public string? PolicyChangedBy { get; init; }

    /// <summary>What the service may do for the tenant on its own (<c>autoPromote</c>, <c>mxSync</c>) and where its alerts go.</summary>
    public TenantAutomation Automation { get; init; } = TenantAutomation.Default;

    /// <summary>Counts the served policy's changes: 1 for a new tenant, one more for each change (a revert too).</summary>
    public long PolicyVersion { get; init; } = 1;

    /// <summary>The policy id in DNS, once published and recorded.</summary>
    public string? PublishedId { get; init; }

    /// <summary>The <see cref="PolicyVersion"/> that <see cref="PublishedId"/> was published for.</summary>
    public long? PublishedVersion { get; init; }

    /// <summary>The hash of the policy that <see cref="PublishedId"/> announces (for the admin API and status checks).</summary>
    public string? PublishedHash { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>
    /// An id the rotator is writing (or wrote, without recording it yet): set on the row before DNS is touched, so a
    /// record in DNS is never unknown to the row. Cleared when the publication is recorded.
    /// </summary>
    public string? PublishingId { get; init; }

    /// <summary>The <see cref="PolicyVersion"/> that <see cref="PublishingId"/> is being published for.</summary>
    public long? PublishingVersion { get; init; }

    /// <summary>
    /// Until when a sender may still hold a policy of ours (not <c>mode: none</c>) under an id that has left DNS.
    /// A sender keeps a policy for max_age from its last fetch or, like Postfix's resolver, from the last time it saw
    /// the same id again (RFC 8461 §5.1), so a policy can be held until its id left DNS + the record's TTL + its
    /// max_age: each publication raises this to that bound for <see cref="ServedMaxAge"/>. Offboarding removes the
    /// record only after it (RFC 8461 §8.3).
    /// </summary>
    public DateTimeOffset? HeldUntil { get; init; }

    /// <summary>The largest max_age of the policies (not <c>mode: none</c>) served since the id now in DNS was published.</summary>
    public long ServedMaxAge { get; init; }

    /// <summary>The most recent policy changes (at most <see cref="MaxChanges"/>), oldest first: which version may be published when.</summary>
    public IReadOnlyList<PolicyChange> Changes { get; init; } = [];

    /// <summary>Policy changes kept on the row: enough to publish for the newest version whose window has passed.</summary>
    public const int MaxChanges = 16;

    /// <summary>
    /// Offboarding: when the record was removed. The row stays for the record's TTL after it, while resolvers may
    /// still hand out the old record, so a tenant re-created meanwhile is still known to have a record out there.
    /// </summary>
    public DateTimeOffset? RecordRemovedAt { get; init; }

    /// <summary>The last rotation failure for this tenant, for the admin API.</summary>
    public string? LastError { get; init; }

    /// <summary>Rotation failures in a row; the next attempt waits longer after each.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>No rotation attempt before this time (backoff after a failure).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the TXT record in DNS was last found (or made) to announce <see cref="PublishedId"/>.</summary>
    public DateTimeOffset? LastVerifiedAt { get; init; }

    /// <summary>The tenant's <c>mta-sts.&lt;domain&gt;</c> custom domain on Front Door; null while none was placed (or the feature is off).</summary>
    public FrontDoor.CustomDomainState? CustomDomain { get; init; }

    /// <summary>The storage version of the row this was read from; null for a tenant not yet stored.</summary>
    public ETag? ETag { get; init; }

    /// <summary>The policy file exactly as served (CRLF line endings).</summary>
    public string PolicyText => PolicyWriter.Write(Policy);

    public string PolicyHash => PolicyHashing.Hash(PolicyText);

    /// <summary>The served policy changed since the id in DNS was published (or no id was published yet).</summary>
    public bool RotationPending => PublishedVersion != PolicyVersion;

    /// <summary>A <c>_mta-sts</c> record of ours may be in DNS: one was recorded, or a write was begun.</summary>
    public bool RecordMayExist => PublishedId is not null || PublishingId is not null;

    /// <summary>A new tenant serving <paramref name="policy"/> from <paramref name="now"/>: version 1.</summary>
    public static Tenant Create(string domain, StsPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new Tenant
        {
            Domain = domain,
            Policy = policy,
            CreatedAt = now,
            PolicyChangedAt = now,
            ModeChangedAt = now,
            PolicyChangedBy = PolicyChangers.Admin,
            Changes = [new PolicyChange(1, now, HoldableMaxAge(policy))],
            ServedMaxAge = HoldableMaxAge(policy),
        };
    }

    /// <summary>
    /// The tenant with <paramref name="policy"/> served from <paramref name="now"/>: a new version with its own window,
    /// recorded in <see cref="Changes"/>, and counted in <see cref="ServedMaxAge"/> (senders may fetch it under the id
    /// now in DNS). <paramref name="changedBy"/> says who or what made the change (<see cref="PolicyChangers"/>).
    /// </summary>
    public Tenant WithPolicy(StsPolicy policy, TenantState state, DateTimeOffset now, string changedBy = PolicyChangers.Admin)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var version = PolicyVersion + 1;
        var change = new PolicyChange(version, now, HoldableMaxAge(policy));
        return this with
        {
            Policy = policy,
            State = state,
            PolicyChangedAt = now,
            ModeChangedAt = policy.Mode != Policy.Mode ? now : ModeChangedAt,
            PolicyChangedBy = changedBy,
            PolicyVersion = version,
            Changes = Appended(Changes, change, PublishedVersion ?? 0),
            ServedMaxAge = Math.Max(ServedMaxAge, change.MaxAge),
            RecordRemovedAt = null,
        };
    }

    /// <summary>
    /// The tenant with the change of <paramref name="version"/> stamped no earlier than <paramref name="at"/>: for a
    /// change whose write took longer than its stamp allowed for. A later stamp only delays the change's new id.
    /// </summary>
    public Tenant Restamped(long version, DateTimeOffset at) => this with
    {
        Changes = Changes.Select(c => c.Version == version && c.ChangedAt < at ? c with { ChangedAt = at } : c).ToArray(),
        PolicyChangedAt = PolicyVersion == version && PolicyChangedAt < at ? at : PolicyChangedAt,
    };

    /// <summary>
    /// <paramref name="changes"/> with <paramref name="change"/> added, within <see cref="MaxChanges"/>: changes already
    /// published go first (nothing reads them); then the second oldest is merged into the next one (its max_age kept,
    /// its version covered by the next one's id, its window now the later one's), never the oldest, so a stream of
    /// changes faster than the window cannot push every change's window into the future.
    /// </summary>
    private static PolicyChange[] Appended(IReadOnlyList<PolicyChange> changes, PolicyChange change, long publishedVersion)
    {
        var kept = changes.Where(c => c.Version > publishedVersion).Append(change).ToList();
        while (kept.Count > MaxChanges)
        {
            kept[2] = kept[2] with { MaxAge = Math.Max(kept[1].MaxAge, kept[2].MaxAge) };
            kept.RemoveAt(1);
        }

        return [.. kept];
    }

    /// <summary>The max_age a sender may hold <paramref name="policy"/> for: none for <c>mode: none</c>.</summary>
    public static long HoldableMaxAge(StsPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Mode == PolicyMode.None ? 0 : policy.MaxAgeSeconds;
    }
}
