using System.Text.Json.Nodes;

namespace MtaSts.Infra.Tests;

/// <summary>The watcher, evaluation and alert settings the app needs are deployed, the webhook secret only as a Key Vault reference.</summary>
public sealed class AlertSettingsTests
{
    [Fact]
    public void The_new_timers_have_their_schedules()
    {
        var settings = AppSettings(Snapshot.Defaults);

        Assert.Equal("0 */15 * * * *", (string?)settings["MxWatchSchedule"]);
        Assert.Equal("0 15 * * * *", (string?)settings["EvaluationSchedule"]);
        Assert.Equal("0 */2 * * * *", (string?)settings["AlertDeliverySchedule"]);
    }

    [Fact]
    public void Without_webhooks_no_alert_setting_is_written()
    {
        var settings = AppSettings(Snapshot.Defaults);

        Assert.DoesNotContain(settings, s => s.Key.StartsWith("Alerts__", StringComparison.Ordinal));
    }

    [Fact]
    public void Webhooks_are_listed_and_the_secret_is_a_Key_Vault_reference_read_with_the_app_identity()
    {
        var snapshot = Snapshot.Custom;
        var settings = AppSettings(snapshot);

        Assert.Equal(Snapshot.CustomWebhooks, settings.Where(s => s.Key.StartsWith("Alerts__Webhooks__", StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (string?)s.Value));
        Assert.Equal($"@Microsoft.KeyVault(SecretUri={Snapshot.CustomWebhookSecretUri})", (string?)settings["Alerts__WebhookSecret"]);
        var site = snapshot.OfType("Microsoft.Web/sites").Single();
        var identity = Assert.Single(site["identity"]!["userAssignedIdentities"]!.AsObject()).Key;
        Assert.Equal(identity, (string?)site["properties"]!["keyVaultReferenceIdentity"]);
    }

    private static JsonObject AppSettings(Snapshot snapshot) =>
        snapshot.Single("Microsoft.Web/sites/config", "appsettings")["properties"]!.AsObject();
}
