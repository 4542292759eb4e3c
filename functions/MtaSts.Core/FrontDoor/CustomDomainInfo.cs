namespace MtaSts.Core.FrontDoor;

/// <summary>
/// What Front Door says about one custom domain (<c>Microsoft.Cdn/profiles/customDomains</c> GET): the DNS TXT
/// validation token and when it expires, <c>domainValidationState</c> (<c>Pending</c>, <c>Approved</c>,
/// <c>TimedOut</c>, <c>PendingRevalidation</c>, <c>Rejected</c>, ...), <c>deploymentStatus</c>,
/// <c>provisioningState</c>, and the managed certificate's secret once issued.
/// </summary>
public sealed record CustomDomainInfo(
    string HostName,
    string? ValidationToken,
    DateTimeOffset? TokenExpiresAt,
    string ValidationState,
    string DeploymentStatus,
    string ProvisioningState,
    string? SecretId)
{
    public bool Approved => ValidationState == "Approved";

    public bool Deployed => DeploymentStatus == "Succeeded";

    /// <summary>The token can no longer validate the domain: refresh it (a new token, and a new TXT).</summary>
    public bool TokenNeedsRefresh(DateTimeOffset now, TimeSpan ahead) =>
        ValidationState is "TimedOut" or "PendingRevalidation"
        || (!Approved && TokenExpiresAt is { } expires && expires - now < ahead);
}
