using System.Text.Json.Nodes;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// One route (<c>Microsoft.Cdn/profiles/afdEndpoints/routes</c>) of <see cref="FakeFrontDoor"/>. Its custom domain
/// list is replaced as a whole by every PUT, and by every PATCH that carries one; there is no ETag.
/// </summary>
internal sealed class FakeFrontDoorRoute(FakeFrontDoorProfile profile, string endpoint, string name)
{
    public FakeFrontDoorProfile Profile { get; } = profile;

    public string Endpoint { get; } = endpoint;

    public string Name { get; } = name;

    /// <summary>The ids as the client sent them (ARM echoes them; compare case-insensitively).</summary>
    public List<string> CustomDomainIds { get; } = [];

    public string OriginGroupId { get; set; } = string.Empty;

    public List<string> PatternsToMatch { get; } = ["/*"];

    public List<string> SupportedProtocols { get; } = ["Http", "Https"];

    public string LinkToDefaultDomain { get; set; } = "Disabled";

    public string HttpsRedirect { get; set; } = "Enabled";

    public string ForwardingProtocol { get; set; } = "HttpsOnly";

    public string EnabledState { get; set; } = "Enabled";

    public string ProvisioningState { get; set; } = "Succeeded";

    public string DeploymentStatus { get; set; } = "NotStarted";

    public string Id => $"{Profile.Id}/afdendpoints/{Endpoint}/routes/{Name}";

    public bool References(FakeFrontDoorDomain domain) =>
        CustomDomainIds.Any(id => string.Equals(FakeFrontDoor.DomainNameOf(Profile, id), domain.Name, StringComparison.OrdinalIgnoreCase));

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["type"] = "Microsoft.Cdn/profiles/afdendpoints/routes",
        ["properties"] = new JsonObject
        {
            ["endpointName"] = Endpoint,
            ["customDomains"] = new JsonArray([.. CustomDomainIds.Select(id => (JsonNode)new JsonObject
            {
                ["id"] = id,
                ["isActive"] = Profile.Domains.ContainsKey(FakeFrontDoor.DomainNameOf(Profile, id) ?? string.Empty),
            })]),
            ["originGroup"] = new JsonObject { ["id"] = OriginGroupId },
            ["ruleSets"] = new JsonArray(),
            ["supportedProtocols"] = new JsonArray([.. SupportedProtocols.Select(p => (JsonNode)p)]),
            ["patternsToMatch"] = new JsonArray([.. PatternsToMatch.Select(p => (JsonNode)p)]),
            ["forwardingProtocol"] = ForwardingProtocol,
            ["linkToDefaultDomain"] = LinkToDefaultDomain,
            ["httpsRedirect"] = HttpsRedirect,
            ["enabledState"] = EnabledState,
            ["provisioningState"] = ProvisioningState,
            ["deploymentStatus"] = DeploymentStatus,
        },
    };
}
