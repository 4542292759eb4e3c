using System.Text.Json.Nodes;

namespace MtaSts.Infra.Tests;

/// <summary>
/// Tenants' custom domains are sharded over <c>frontDoorProfileCount</c> Front Door profiles: each with its endpoint and
/// policy route, listed to the app as <c>FrontDoor:Shards</c>, trusted by the app and its access restriction, and the
/// app's identity is CDN Profile Contributor on those profiles and nowhere else.
/// </summary>
public sealed class FrontDoorShardTests
{
    private const string CdnProfileContributor = "ec156ff8-a8d1-4d15-830c-5b80698ca432";

    [Fact]
    public void Each_shard_is_a_profile_with_an_endpoint_and_a_policy_route_and_only_the_first_has_the_admin_route()
    {
        var snapshot = Snapshot.Custom;

        Assert.Equal(Snapshot.CustomProfileCount, snapshot.OfType("Microsoft.Cdn/profiles").Count());
        Assert.Single(Snapshot.Defaults.OfType("Microsoft.Cdn/profiles"));
        Assert.Equal(Snapshot.CustomProfileCount, snapshot.OfType("Microsoft.Cdn/profiles/afdEndpoints").Count());
        var routes = snapshot.OfType("Microsoft.Cdn/profiles/afdEndpoints/routes").Select(r => ((string)r["name"]!).Split('/')[^1]).ToList();
        Assert.Equal(Snapshot.CustomProfileCount, routes.Count(r => r == "mta-sts"));
        Assert.Equal(1, routes.Count(r => r == "admin-api"));
        Assert.All(snapshot.OfType("Microsoft.Cdn/profiles/afdEndpoints/routes"), r => Assert.Equal("Enabled", (string?)r["properties"]!["linkToDefaultDomain"]));
    }

    [Fact]
    public void The_app_settings_list_every_shard_and_trust_every_profile()
    {
        var snapshot = Snapshot.Custom;
        var settings = snapshot.Single("Microsoft.Web/sites/config", "appsettings")["properties"]!.AsObject();
        var profiles = snapshot.OfType("Microsoft.Cdn/profiles").ToList();
        var ids = profiles.Select(p => Snapshot.ReferenceTo(p, "frontDoorId")).ToList();

        for (var i = 0; i < Snapshot.CustomProfileCount; i++)
        {
            Assert.Contains((string?)settings[$"FrontDoor__Shards__{i}__Profile"], profiles.Select(p => (string?)p["name"]));
            Assert.Equal("mta-sts", (string?)settings[$"FrontDoor__Shards__{i}__Route"]);
            Assert.Equal("100", (string?)settings[$"FrontDoor__Shards__{i}__Capacity"]);
            Assert.False(string.IsNullOrEmpty((string?)settings[$"FrontDoor__Shards__{i}__EndpointHost"]));
        }

        Assert.Null(settings[$"FrontDoor__Shards__{Snapshot.CustomProfileCount}__Profile"]);
        Assert.Equal(Snapshot.CustomProfileCount, settings.Select(s => (string?)settings[s.Key]).Intersect(profiles.Select(p => (string?)p["name"])).Count());
        Assert.Equal("0 */5 * * * *", (string?)settings["CustomDomainSchedule"]);
        Assert.Equal("False", (string?)settings["FrontDoor__DelegateValidation"]);
        var trusted = ((string?)settings["Proxy__TrustedFrontDoorId"])!;
        Assert.All(ids, id => Assert.Contains(id[1..^1], trusted, StringComparison.Ordinal));
        Assert.StartsWith("[join(", trusted, StringComparison.Ordinal);
        var frontDoorRules = snapshot.OfType("Microsoft.Web/sites").Single()["properties"]!["siteConfig"]!["ipSecurityRestrictions"]!.AsArray()
            .Where(r => (string?)r!["ipAddress"] == "AzureFrontDoor.Backend").ToList();
        Assert.Equal(2, frontDoorRules.Count); // ten profiles: 8 ids in one rule, 2 in the next
        Assert.All(frontDoorRules, r => Assert.InRange(r!["headers"]!["x-azure-fdid"]!.AsArray().Count, 1, 8));
        Assert.Equal(ids.Order(), frontDoorRules.SelectMany(r => r!["headers"]!["x-azure-fdid"]!.AsArray().Select(v => (string)v!)).Order());
    }

    [Fact]
    public void Edge_caching_is_off_by_default_and_when_on_the_route_caches_and_the_app_widens_its_window()
    {
        static JsonObject Settings(Snapshot s) => s.Single("Microsoft.Web/sites/config", "appsettings")["properties"]!.AsObject();

        Assert.Equal("0", (string?)Settings(Snapshot.Defaults)["Policy__EdgeCacheSeconds"]);
        Assert.Equal($"{Snapshot.CustomEdgeCacheSeconds}", (string?)Settings(Snapshot.Custom)["Policy__EdgeCacheSeconds"]);
        Assert.All(Snapshot.Custom.OfType("Microsoft.Cdn/profiles/afdEndpoints/routes").Where(r => ((string)r["name"]!).EndsWith("/mta-sts", StringComparison.Ordinal)), r =>
            Assert.Equal("IgnoreQueryString", (string?)r["properties"]!["cacheConfiguration"]!["queryStringCachingBehavior"]));
        Assert.All(Snapshot.Custom.OfType("Microsoft.Cdn/profiles/afdEndpoints/routes").Where(r => ((string)r["name"]!).EndsWith("/admin-api", StringComparison.Ordinal)), r =>
            Assert.Null(r["properties"]!["cacheConfiguration"]));
    }

    [Fact]
    public void The_app_is_CDN_Profile_Contributor_on_each_shard_profile_and_nothing_wider()
    {
        var snapshot = Snapshot.Custom;
        var assignments = snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => ((string?)a["properties"]!["roleDefinitionId"])!.EndsWith(CdnProfileContributor, StringComparison.Ordinal))
            .ToList();

        Assert.Equal(Snapshot.CustomProfileCount, assignments.Count);
        var profileIds = snapshot.OfType("Microsoft.Cdn/profiles").Select(Snapshot.Id).ToList();
        // Each assignment's id is extensionResourceId(<profile id>, roleAssignments, ...): scoped to that profile alone.
        Assert.Equal(profileIds.Order(), assignments.Select(a => profileIds.Single(id => ((string)a["id"]!).StartsWith($"[extensionResourceId('{id}', 'Microsoft.Authorization/roleAssignments'", StringComparison.Ordinal))).Order());
        Assert.Equal(Snapshot.CustomProfileCount, assignments.Select(a => (string)a["id"]!).Distinct().Count());
        Assert.Equal("ServicePrincipal", (string?)assignments[0]["properties"]!["principalType"]);
    }
}
