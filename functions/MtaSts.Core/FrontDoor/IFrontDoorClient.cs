namespace MtaSts.Core.FrontDoor;

/// <summary>
/// The Front Door operations onboarding needs, on one shard (profile, endpoint, route). Long-running operations are
/// waited for within a bound; one still running when the bound passes is left to finish, and the caller reads the
/// resource again on its next run. Failures are <see cref="FrontDoorException"/>s.
/// </summary>
public interface IFrontDoorClient
{
    /// <summary>The ARM resource id of custom domain <paramref name="name"/> on <paramref name="shard"/>.</summary>
    string CustomDomainId(FrontDoorShard shard, string name);

    /// <summary>Creates (or re-asserts) the custom domain with a Front Door managed certificate, TLS 1.2 at least.</summary>
    Task<CustomDomainInfo> PutCustomDomainAsync(FrontDoorShard shard, string name, string hostName, CancellationToken cancellationToken);

    /// <summary>The custom domain, or null when it does not exist.</summary>
    Task<CustomDomainInfo?> GetCustomDomainAsync(FrontDoorShard shard, string name, CancellationToken cancellationToken);

    /// <summary>Asks for a new validation token (the old one expired, timed out, or revalidation is pending).</summary>
    Task RefreshValidationTokenAsync(FrontDoorShard shard, string name, CancellationToken cancellationToken);

    /// <summary>Deletes the custom domain; one already gone is not an error.</summary>
    Task DeleteCustomDomainAsync(FrontDoorShard shard, string name, CancellationToken cancellationToken);

    /// <summary>The resource ids in the route's <c>customDomains</c> list.</summary>
    Task<IReadOnlyList<string>> GetRouteDomainsAsync(FrontDoorShard shard, CancellationToken cancellationToken);

    /// <summary>Replaces the route's whole <c>customDomains</c> list (Front Door has no ETag for it: callers serialize).</summary>
    Task SetRouteDomainsAsync(FrontDoorShard shard, IReadOnlyList<string> customDomainIds, CancellationToken cancellationToken);

    /// <summary>The domain ids the shard's WAF security policy covers (its first association); null when the shard names none.</summary>
    Task<IReadOnlyList<string>?> GetProtectedDomainsAsync(FrontDoorShard shard, CancellationToken cancellationToken);

    /// <summary>Replaces the domain list of the shard's WAF security policy (first association), keeping the rest of its parameters.</summary>
    Task SetProtectedDomainsAsync(FrontDoorShard shard, IReadOnlyList<string> domainIds, CancellationToken cancellationToken);

    /// <summary>The expiry of a managed certificate's secret, or null while it has none.</summary>
    Task<DateTimeOffset?> GetCertificateExpiryAsync(string secretId, CancellationToken cancellationToken);
}
