using Azure;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Tenants;

/// <summary>
/// One mail domain we serve an MTA-STS policy for. <see cref="PolicyHash"/> identifies the policy we serve;
/// <see cref="PublishedHash"/> the policy whose id is in DNS. While they differ the tenant is pending rotation:
/// the DNS id may change only once every serving instance must have dropped the old policy (RFC 8461 §3.3).
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

    /// <summary>The policy id in DNS, once published.</summary>
    public string? PublishedId { get; init; }

    /// <summary>The hash of the policy that <see cref="PublishedId"/> announces.</summary>
    public string? PublishedHash { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>While offboarding: the max_age of the withdrawn policy, which senders may still hold (RFC 8461 §8.3).</summary>
    public long? WithdrawnMaxAge { get; init; }

    /// <summary>The last rotation failure for this tenant, for the admin API.</summary>
    public string? LastError { get; init; }

    /// <summary>Rotation failures in a row; the next attempt waits longer after each.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>No rotation attempt before this time (backoff after a failure).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When the TXT record in DNS was last found (or made) to announce <see cref="PublishedId"/>.</summary>
    public DateTimeOffset? LastVerifiedAt { get; init; }

    /// <summary>The storage version of the row this was read from; null for a tenant not yet stored.</summary>
    public ETag? ETag { get; init; }

    /// <summary>The policy file exactly as served (CRLF line endings).</summary>
    public string PolicyText => PolicyWriter.Write(Policy);

    public string PolicyHash => PolicyHashing.Hash(PolicyText);

    public bool RotationPending => PublishedHash != PolicyHash;
}
