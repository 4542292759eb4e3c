using System.Text.Json.Nodes;

namespace MtaSts.Infra.Tests;

/// <summary>The dashboard is reachable on the Front Door endpoint only, its share links point there, and their key is only a Key Vault reference.</summary>
public sealed class DashboardSettingsTests
{
    [Fact]
    public void Share_links_point_at_the_front_door_endpoint_and_are_off_without_a_key()
    {
        var settings = AppSettings(Snapshot.Defaults);

        var host = ((string?)settings["Serving__PublicHostName"])!.Trim('[', ']');
        Assert.Equal($"[format('https://{{0}}', {host})]", (string?)settings["Dashboard__PublicUrl"]);
        Assert.False(settings.ContainsKey("Dashboard__ShareSecret"));
    }

    [Fact]
    public void The_share_key_is_a_Key_Vault_reference()
    {
        var settings = AppSettings(Snapshot.Custom);

        Assert.Equal($"@Microsoft.KeyVault(SecretUri={Snapshot.CustomShareSecretUri})", (string?)settings["Dashboard__ShareSecret"]);
    }

    [Fact]
    public void The_dashboard_is_routed_only_with_the_admin_api_on_the_endpoint_host()
    {
        var routes = Snapshot.Custom.OfType("Microsoft.Cdn/profiles/afdEndpoints/routes").ToList();

        Assert.All(routes.Where(r => !((string)r["name"]!).EndsWith("/admin-api", StringComparison.Ordinal)), r =>
            Assert.DoesNotContain(r["properties"]!["patternsToMatch"]!.AsArray().Select(p => (string?)p), p => p!.StartsWith("/dashboard", StringComparison.Ordinal) || p.StartsWith("/shared", StringComparison.Ordinal)));
        Assert.All(routes.Where(r => ((string)r["name"]!).EndsWith("/admin-api", StringComparison.Ordinal)), r =>
            Assert.Contains("/dashboard/*", r["properties"]!["patternsToMatch"]!.AsArray().Select(p => (string?)p)));
    }

    [Fact]
    public void Share_link_reads_are_rate_limited_per_client_at_the_edge()
    {
        var waf = Snapshot.Defaults.OfType("Microsoft.Network/FrontDoorWebApplicationFirewallPolicies").Single();
        var rule = waf["properties"]!["customRules"]!["rules"]!.AsArray().Single(r => (string?)r!["name"] == "SharedPageRateLimit")!;

        Assert.Equal(("RateLimitRule", 30, "Block"), ((string?)rule["ruleType"], (int)rule["rateLimitThreshold"]!, (string?)rule["action"]));
        Assert.Equal("/api/shared/", (string?)rule["matchConditions"]![0]!["matchValue"]![0]);
    }

    private static JsonObject AppSettings(Snapshot snapshot) =>
        snapshot.Single("Microsoft.Web/sites/config", "appsettings")["properties"]!.AsObject();
}
