namespace MtaSts.Core.FrontDoor;

/// <summary>
/// A tenant's custom domain as the tenant row records it: the shard (profile) it is placed on, the stage, what Front
/// Door last said (validation token and expiry, validation and deployment states, certificate expiry), the validation
/// TXT value we last wrote, and the sync's failures and backoff for this tenant.
/// </summary>
public sealed record CustomDomainState
{
    /// <summary>The shard's key (its profile name) in <c>FrontDoor:Shards</c>.</summary>
    public required string Shard { get; init; }

    public CustomDomainStage Stage { get; init; } = CustomDomainStage.Creating;

    public string? ValidationToken { get; init; }

    public DateTimeOffset? TokenExpiresAt { get; init; }

    /// <summary>Front Door's <c>domainValidationState</c> when last read.</summary>
    public string? ValidationState { get; init; }

    /// <summary>Front Door's <c>deploymentStatus</c> when last read.</summary>
    public string? DeploymentStatus { get; init; }

    /// <summary>The token we last wrote into the validation TXT (null when the customer keeps that record).</summary>
    public string? WrittenToken { get; init; }

    public DateTimeOffset? CertificateExpiresAt { get; init; }

    /// <summary>When the sync last looked at this custom domain.</summary>
    public DateTimeOffset? CheckedAt { get; init; }

    public string? LastError { get; init; }

    public int FailedAttempts { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The custom domain still exists on Front Door, or may (a tenant row must not go before it is deleted).</summary>
    public bool MayExist => Stage != CustomDomainStage.Deleted;
}
