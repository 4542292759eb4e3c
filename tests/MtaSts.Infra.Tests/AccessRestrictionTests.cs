using System.Text.Json.Nodes;

namespace MtaSts.Infra.Tests;

/// <summary>
/// The anonymous routes cannot be reached around Front Door: the function app admits our Front Door profile (by its
/// <c>X-Azure-FDID</c>), Event Grid and the operators' ranges only, and the admin API has its own Front Door route.
/// </summary>
public sealed class AccessRestrictionTests
{
    private const string RouteType = "Microsoft.Cdn/profiles/afdEndpoints/routes";

    [Fact]
    public void Everything_not_allowed_is_denied()
    {
        var siteConfig = SiteConfig(Snapshot.Defaults);

        Assert.Equal("Deny", (string?)siteConfig["ipSecurityRestrictionsDefaultAction"]);
        Assert.All(Restrictions(Snapshot.Defaults), r => Assert.Equal("Allow", (string?)r["action"]));
    }

    [Fact]
    public void Front_Door_is_let_in_only_with_our_profiles_id_the_same_one_the_app_trusts()
    {
        var snapshot = Snapshot.Defaults;
        var profileFrontDoorId = Snapshot.ReferenceTo(snapshot.OfType("Microsoft.Cdn/profiles").Single(), "frontDoorId");
        var settings = snapshot.Single("Microsoft.Web/sites/config", "appsettings")["properties"]!.AsObject();

        var frontDoor = Assert.Single(Restrictions(snapshot), r => (string?)r["ipAddress"] == "AzureFrontDoor.Backend");
        Assert.Equal("ServiceTag", (string?)frontDoor["tag"]);
        var headers = frontDoor["headers"]!.AsObject();
        Assert.Equal(["x-azure-fdid"], headers.Select(h => h.Key));
        Assert.Equal([profileFrontDoorId], headers["x-azure-fdid"]!.AsArray().Select(v => (string?)v));

        Assert.True(settings.TryGetPropertyValue("Proxy__TrustedFrontDoorId", out var trusted), "Proxy__TrustedFrontDoorId is missing");
        Assert.Equal($"[join(createArray({profileFrontDoorId[1..^1]}), ',')]", (string?)trusted); // every shard's profile id, joined by commas
    }

    [Fact]
    public void Event_Grid_reaches_the_blob_extension_webhook_directly()
    {
        var eventGrid = Assert.Single(Restrictions(Snapshot.Defaults), r => (string?)r["ipAddress"] == "AzureEventGrid");

        Assert.Equal("ServiceTag", (string?)eventGrid["tag"]);
    }

    [Fact]
    public void Each_admin_range_gets_an_allow_rule_and_there_are_none_by_default()
    {
        var parameter = Bicep.Template["parameters"]!["adminAllowedIpRanges"]!;
        var admin = Restrictions(Snapshot.Custom).Where(r => (string?)r["tag"] == "Default").ToList();

        Assert.Equal("array", (string?)parameter["type"]);
        Assert.Empty(parameter["defaultValue"]!.AsArray());
        Assert.Equal(2, Restrictions(Snapshot.Defaults).Count);
        Assert.Equal(Snapshot.CustomAdminRanges, admin.Select(r => (string?)r["ipAddress"]));
        Assert.All(admin, r => Assert.Null(r["headers"]));
        var priorities = Restrictions(Snapshot.Custom).Select(r => (int)r["priority"]!).ToList();
        Assert.Equal(priorities.Count, priorities.Distinct().Count());
    }

    [Fact]
    public void The_deployment_site_keeps_its_own_rules_and_no_basic_authentication()
    {
        var snapshot = Snapshot.Defaults;

        Assert.False((bool)SiteConfig(snapshot)["scmIpSecurityRestrictionsUseMain"]!);
        Assert.False((bool)snapshot.Single("Microsoft.Web/sites/basicPublishingCredentialsPolicies", "scm")["properties"]!["allow"]!);
        Assert.False((bool)snapshot.Single("Microsoft.Web/sites/basicPublishingCredentialsPolicies", "ftp")["properties"]!["allow"]!);
    }

    [Fact]
    public void The_admin_API_has_its_own_route_to_the_same_origins_HTTPS_only_without_caching()
    {
        var snapshot = Snapshot.Defaults;
        var policy = snapshot.Single(RouteType, "mta-sts")["properties"]!;
        var admin = snapshot.Single(RouteType, "admin-api")["properties"]!;

        Assert.Equal(2, snapshot.OfType(RouteType).Count());
        Assert.Equal(["/api/*", "/dashboard", "/dashboard/*", "/shared", "/shared/*"], admin["patternsToMatch"]!.AsArray().Select(p => (string?)p));
        Assert.Equal((string?)policy["originGroup"]!["id"], (string?)admin["originGroup"]!["id"]);
        Assert.Equal(["Https"], admin["supportedProtocols"]!.AsArray().Select(p => (string?)p));
        Assert.Equal("HttpsOnly", (string?)admin["forwardingProtocol"]);
        Assert.Equal("Disabled", (string?)admin["httpsRedirect"]);
        Assert.Equal("Enabled", (string?)admin["linkToDefaultDomain"]);
        Assert.Null(admin["cacheConfiguration"]);
        Assert.Null(admin["customDomains"]);
    }

    private static JsonObject SiteConfig(Snapshot snapshot) =>
        snapshot.OfType("Microsoft.Web/sites").Single()["properties"]!["siteConfig"]!.AsObject();

    private static List<JsonObject> Restrictions(Snapshot snapshot) =>
        SiteConfig(snapshot)["ipSecurityRestrictions"]!.AsArray().Select(r => r!.AsObject()).ToList();
}
