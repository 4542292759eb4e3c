namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// One Front Door Standard/Premium profile of <see cref="FakeFrontDoor"/>: its custom domains, endpoints and routes.
/// Guarded by the fake's lock; never handed out to tests.
/// </summary>
internal sealed class FakeFrontDoorProfile(string subscriptionId, string resourceGroup, string name, int capacity)
{
    public string SubscriptionId { get; } = subscriptionId;

    public string ResourceGroup { get; } = resourceGroup;

    public string Name { get; } = name;

    /// <summary>How many custom domains the profile may hold (Standard 100, Premium 500 by default in Azure).</summary>
    public int Capacity { get; set; } = capacity;

    public Dictionary<string, FakeFrontDoorDomain> Domains { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Endpoint name → route name → route.</summary>
    public Dictionary<string, Dictionary<string, FakeFrontDoorRoute>> Endpoints { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>ARM answers with lower-cased <c>resourcegroups</c> in the ids it returns (see the spec's examples).</summary>
    public string Id => $"/subscriptions/{SubscriptionId}/resourcegroups/{ResourceGroup}/providers/Microsoft.Cdn/profiles/{Name}";

    public IEnumerable<FakeFrontDoorRoute> Routes => Endpoints.Values.SelectMany(routes => routes.Values);

    /// <summary>Security policy name → the domain ids (endpoints, custom domains) its one WAF association covers.</summary>
    public Dictionary<string, List<string>> SecurityPolicies { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsAttached(FakeFrontDoorDomain domain) => Routes.Any(route => route.References(domain));

    public bool IsProtected(FakeFrontDoorDomain domain) =>
        SecurityPolicies.Values.Any(ids => ids.Any(id => id.EndsWith("/customdomains/" + domain.Name, StringComparison.OrdinalIgnoreCase)));
}
