namespace MtaSts.Core.FrontDoor;

/// <summary>
/// One Front Door profile that tenants' <c>mta-sts.&lt;domain&gt;</c> custom domains are placed on (an entry of
/// <c>FrontDoor:Shards</c>): the profile, the endpoint and its host name (the target of the tenants' <c>mta-sts</c>
/// CNAME), the route whose <c>customDomains</c> list holds them, and how many custom domains it may hold (a profile
/// takes at most 100 on Standard, 500 on Premium).
/// </summary>
public sealed class FrontDoorShard
{
    public const int StandardLimit = 100;
    public const int PremiumLimit = 500;

    public string Profile { get; set; } = string.Empty;

    public string Endpoint { get; set; } = string.Empty;

    /// <summary>The endpoint's host name, e.g. <c>mtasts-0-abc123.z01.azurefd.net</c>.</summary>
    public string EndpointHost { get; set; } = string.Empty;

    public string Route { get; set; } = string.Empty;

    public int Capacity { get; set; } = StandardLimit;

    /// <summary>
    /// The WAF security policy whose association must cover every custom domain on the route (else <c>/tlsrpt</c> on it
    /// escapes the intake limits); <c>waf</c> as the Bicep names it, empty for none.
    /// </summary>
    public string SecurityPolicy { get; set; } = "waf";

    /// <summary>The key a tenant row records its shard by.</summary>
    public string Key => Profile;

    public IEnumerable<string> Validate(int index)
    {
        var at = $"FrontDoor:Shards:{index}";
        foreach (var (name, value) in new[] { ("Profile", Profile), ("Endpoint", Endpoint), ("Route", Route) }.Concat(string.IsNullOrEmpty(SecurityPolicy) ? [] : [("SecurityPolicy", SecurityPolicy)]))
        {
            if (!IsResourceName(value))
            {
                yield return $"{at}:{name} must be a Front Door resource name (letters, digits and hyphens, 1 to 260 characters; it is '{value}')";
            }
        }

        if (!Policies.DomainName.TryNormalize(EndpointHost, out _, out _) || !EndpointHost.Contains('.', StringComparison.Ordinal))
        {
            yield return $"{at}:EndpointHost must be the endpoint's host name, e.g. name-hash.z01.azurefd.net (it is '{EndpointHost}')";
        }

        if (Capacity is < 1 or > PremiumLimit)
        {
            yield return $"{at}:Capacity must be 1 to {PremiumLimit} ({StandardLimit} on Standard profiles; it is {Capacity})";
        }
    }

    /// <summary>Front Door's rule for profile, endpoint, route and custom domain names: letters, digits, hyphens inside.</summary>
    public static bool IsResourceName(string? name) =>
        name is { Length: > 0 and <= 260 } && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
