using System.Text.Json.Nodes;

namespace MtaSts.Infra.Tests;

/// <summary><c>infra/main.bicep</c> builds and lints clean, and its compiled template keeps the settings that matter for security and cost.</summary>
public sealed class InfrastructureTests
{
    [Fact]
    public void Builds_and_lints_without_errors_or_warnings()
    {
        var build = Bicep.Run("build", Bicep.MainFile, "--stdout");
        var lint = Bicep.Run("lint", Bicep.MainFile);

        Assert.True(build.ExitCode == 0 && build.Error.Length == 0, build.Error);
        Assert.True(lint.ExitCode == 0 && lint.Error.Length == 0 && lint.Output.Trim().Length == 0, lint.Output + lint.Error);
    }

    [Fact]
    public void Never_reads_keys_or_builds_connection_strings()
    {
        var text = Bicep.Template.ToJsonString();

        Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessSignature", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InstrumentationKey=", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_takes_identities_only_over_TLS_1_2()
    {
        var account = Bicep.OfType("Microsoft.Storage/storageAccounts").Single(r => r["properties"] is not null);
        var properties = account["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.Equal(
            ["tlsrpt-inbox", "tlsrpt-archive", "tlsrpt-rejected", "tlsrpt-deadletter", "app-package"],
            Snapshot.Defaults.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => ((string)c["name"]!).Split('/')[^1]));
    }

    [Fact]
    public void The_plan_is_Flex_Consumption_and_the_app_HTTPS_only_TLS_1_2_dotnet_isolated_10()
    {
        var plan = Bicep.OfType("Microsoft.Web/serverfarms").Single();
        var app = Bicep.OfType("Microsoft.Web/sites").Single(r => r["properties"]?["serverFarmId"] is not null);
        var properties = app["properties"]!;

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("dotnet-isolated", (string?)properties["functionAppConfig"]!["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)properties["functionAppConfig"]!["runtime"]!["version"]);
        Assert.Equal("UserAssignedIdentity", (string?)properties["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
    }

    [Fact]
    public void App_settings_use_identity_based_connections_and_the_Front_Door_id()
    {
        var settings = Snapshot.Defaults.Single("Microsoft.Web/sites/config", "appsettings")["properties"]!.AsObject();

        Assert.Equal("managedidentity", (string?)settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("managedidentity", (string?)settings["Storage__credential"]);
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"));
        Assert.False(settings.ContainsKey("Storage"));
        foreach (var name in new[] { "Storage__tableServiceUri", "Storage__blobServiceUri", "Storage__clientId", "RotationSchedule", "ReportSweepSchedule", "Serving__PublicHostName", "Dns__DelegationZone", "Dns__AzureDns__SubscriptionId", "Dns__AzureDns__ResourceGroup", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING" })
        {
            Assert.True(settings.ContainsKey(name), name);
        }

        Assert.Equal("AzureDns", (string?)settings["Dns__Provider"]);
        Assert.True(settings.TryGetPropertyValue("Proxy__TrustedFrontDoorId", out var trustedFrontDoorId), "Proxy__TrustedFrontDoorId is missing");
        Assert.StartsWith("[join(createArray(reference(", (string?)trustedFrontDoorId, StringComparison.Ordinal);
        Assert.Contains(";Authorization=AAD", (string?)settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public void Monitoring_has_local_authentication_disabled()
    {
        Assert.True((bool)Bicep.OfType("Microsoft.Insights/components").Single(r => r["properties"] is not null)["properties"]!["DisableLocalAuth"]!);
        Assert.True((bool)Bicep.OfType("Microsoft.OperationalInsights/workspaces").Single()["properties"]!["features"]!["disableLocalAuth"]!);
    }

    [Fact]
    public void Front_Door_routes_the_policy_and_reports_over_HTTPS_without_redirects()
    {
        var route = Snapshot.Defaults.Single("Microsoft.Cdn/profiles/afdEndpoints/routes", "mta-sts")["properties"]!;

        Assert.Equal("Standard_AzureFrontDoor", (string?)Bicep.OfType("Microsoft.Cdn/profiles").Single()["sku"]!["name"]);
        Assert.Equal(["/.well-known/mta-sts.txt", "/tlsrpt"], route["patternsToMatch"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(["Https"], route["supportedProtocols"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("Disabled", (string?)route["httpsRedirect"]);
        Assert.Null(route["cacheConfiguration"]);
    }

    [Theory]
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts")]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts")]
    [InlineData("befefa01-2a29-4197-83a8-272ff33ce314", "Microsoft.Network/dnsZones")]
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components")]
    public void Roles_are_granted_at_the_narrowest_scope(string roleDefinition, string scope)
    {
        var rolesModules = Bicep.Resources()
            .Select(r => r["properties"] is JsonObject properties ? properties["template"] as JsonObject : null)
            .Where(t => t?["variables"]?.AsObject().Any(v => v.Value is JsonValue value && value.ToString() == roleDefinition) == true)
            .ToList();
        Assert.Equal(2, rolesModules.Count);

        foreach (var template in rolesModules)
        {
            var variable = template!["variables"]!.AsObject().Single(v => v.Value is JsonValue value && value.ToString() == roleDefinition).Key;
            var assignment = Bicep.Resources(template)
                .Single(r => ((string?)r["properties"]!["roleDefinitionId"])!.Contains($"variables('{variable}')", StringComparison.Ordinal));
            Assert.Contains($"resourceId('{scope}'", (string?)assignment["scope"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_Event_Grid_system_topic_watches_the_storage_account()
    {
        var topic = Bicep.OfType("Microsoft.EventGrid/systemTopics").Single()["properties"]!;

        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["topicType"]);
    }
}
