using System.Text.Json.Nodes;

namespace MtaSts.Infra.Tests;

/// <summary>
/// What <c>bicep snapshot</c> predicts <c>infra/main.bicep</c> deploys for a set of parameters, offline: every resource with
/// its id, name and properties evaluated, except values known only once deployed, which stay
/// <c>[reference('&lt;resource id&gt;', ...).property]</c> and so name the resource they come from.
/// </summary>
public sealed class Snapshot
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000001";

    public const int CustomRateLimit = 17;
    public const int CustomMaxCompressedBytes = 2000000;
    public const int CustomRetentionDays = 90;
    public const int CustomProfileCount = 10;
    public const int CustomEdgeCacheSeconds = 300;

    public const string CustomWebhookSecretUri = "https://ops.vault.azure.net/secrets/alert-webhook";

    public const string CustomShareSecretUri = "https://ops.vault.azure.net/secrets/dashboard-share";

    public static readonly IReadOnlyList<string> CustomAdminRanges = ["203.0.113.0/24", "198.51.100.7/32"];

    public static readonly IReadOnlyList<string> CustomWebhooks = ["https://hooks.example/a", "https://hooks.example/b"];

    private static readonly Lazy<Snapshot> DefaultSnapshot = new(() => Of());

    private static readonly Lazy<Snapshot> CustomSnapshot = new(() => Of(
        ("tlsrptRateLimitPerMinute", $"{CustomRateLimit}"),
        ("reportMaxCompressedBytes", $"{CustomMaxCompressedBytes}"),
        ("reportArchiveRetentionDays", $"{CustomRetentionDays}"),
        ("adminAllowedIpRanges", $"[{string.Join(", ", CustomAdminRanges.Select(r => $"'{r}'"))}]"),
        ("frontDoorProfileCount", $"{CustomProfileCount}"),
        ("policyEdgeCacheSeconds", $"{CustomEdgeCacheSeconds}"),
        ("alertWebhooks", $"[{string.Join(", ", CustomWebhooks.Select(w => $"'{w}'"))}]"),
        ("alertWebhookSigningKeyVaultUri", $"'{CustomWebhookSecretUri}'"),
        ("dashboardShareSigningKeyVaultUri", $"'{CustomShareSecretUri}'")));

    private Snapshot(JsonObject snapshot)
    {
        Resources = snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Outputs = snapshot["outputs"]!.AsObject();
    }

    /// <summary>The snapshot with every optional parameter at its default.</summary>
    public static Snapshot Defaults => DefaultSnapshot.Value;

    /// <summary>The snapshot with the intake, retention, access and shard parameters away from their defaults (the Custom constants).</summary>
    public static Snapshot Custom => CustomSnapshot.Value;

    public IReadOnlyList<JsonObject> Resources { get; }

    public JsonObject Outputs { get; }

    /// <summary>Runs <c>bicep snapshot</c> with the required parameters and <paramref name="parameters"/> (Bicep expressions).</summary>
    private static Snapshot Of(params (string Name, string Value)[] parameters)
    {
        var directory = Directory.CreateTempSubdirectory("mtasts-snapshot-");
        try
        {
            var file = Path.Combine(directory.FullName, "test.bicepparam");
            var main = Path.GetRelativePath(directory.FullName, Bicep.MainFile).Replace('\\', '/');
            File.WriteAllLines(file, [
                $"using '{main}'",
                "param environmentName = 'test'",
                "param location = 'westeurope'",
                "param delegationZoneName = 'policies.example.net'",
                .. parameters.Select(p => $"param {p.Name} = {p.Value}"),
            ]);

            var (exitCode, output, error) = Bicep.Run(
                "snapshot", file, "--subscription-id", SubscriptionId, "--tenant-id", "00000000-0000-0000-0000-000000000002");
            return exitCode == 0
                ? new Snapshot(JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(file, ".snapshot.json")))!.AsObject())
                : throw new InvalidOperationException($"bicep snapshot failed ({exitCode}):\n{output}{error}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The one resource of <paramref name="type"/> whose name ends with the segment <paramref name="name"/>.</summary>
    public JsonObject Single(string type, string name) =>
        OfType(type).Single(r => ((string)r["name"]!).Split('/')[^1] == name);

    public static string Id(JsonObject resource) => (string)resource["id"]!;

    /// <summary>The expression ARM evaluates at deployment for <paramref name="property"/> of <paramref name="resource"/>.</summary>
    public static string ReferenceTo(JsonObject resource, string property) =>
        $"[reference('{Id(resource)}', '{(string)resource["apiVersion"]!}').{property}]";
}
