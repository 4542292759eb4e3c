using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MtaSts.Infra.Tests;

/// <summary>
/// What the report containers keep and for how long (lifecycle management), and where Event Grid puts the BlobCreated
/// events it cannot deliver: the dead-letter container, written with the system topic's identity and that one role.
/// </summary>
public sealed partial class ReportStorageTests
{
    private const string DeadLetterContainer = "tlsrpt-deadletter";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    private static readonly string Hook = Path.Combine(Path.GetDirectoryName(Bicep.MainFile)!, "hooks", "postdeploy.sh");

    [Theory]
    [InlineData(false, 400)]
    [InlineData(true, Snapshot.CustomRetentionDays)]
    public void Archived_reports_go_cool_after_30_days_and_are_deleted_after_the_retention(bool custom, int days)
    {
        var snapshot = custom ? Snapshot.Custom : Snapshot.Defaults;
        var actions = LifecycleActions(snapshot, "tlsrpt-archive");

        Assert.Equal(30, (int)actions["tierToCool"]!["daysAfterModificationGreaterThan"]!);
        Assert.Equal(days, (int)actions["delete"]!["daysAfterModificationGreaterThan"]!);
    }

    [Theory]
    [InlineData("tlsrpt-rejected")]
    [InlineData(DeadLetterContainer)]
    public void Rejected_blobs_and_dead_letters_are_deleted_after_30_days(string container)
    {
        var actions = LifecycleActions(Snapshot.Defaults, container);

        Assert.Equal(30, (int)actions["delete"]!["daysAfterModificationGreaterThan"]!);
        Assert.Null(actions["tierToCool"]);
    }

    [Fact]
    public void Every_lifecycle_rule_is_an_enabled_block_blob_rule_on_one_container_of_the_account()
    {
        var snapshot = Snapshot.Defaults;
        var containers = snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Select(c => ((string)c["name"]!).Split('/')[^1]).ToList();

        Assert.Contains(DeadLetterContainer, containers);
        Assert.Equal(3, LifecycleRules(snapshot).Count);
        Assert.All(LifecycleRules(snapshot), rule =>
        {
            var filters = rule["definition"]!["filters"]!;
            var prefix = (string)Assert.Single(filters["prefixMatch"]!.AsArray())!;
            Assert.True((bool)rule["enabled"]!);
            Assert.Equal("Lifecycle", (string?)rule["type"]);
            Assert.Equal(["blockBlob"], filters["blobTypes"]!.AsArray().Select(t => (string?)t));
            Assert.Contains(prefix.TrimEnd('/'), containers);
            Assert.EndsWith("/", prefix, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_topic_identity_may_write_the_dead_letter_container_and_nothing_else()
    {
        var snapshot = Snapshot.Defaults;
        var topic = snapshot.OfType("Microsoft.EventGrid/systemTopics").Single();
        var container = Snapshot.Id(snapshot.Single("Microsoft.Storage/storageAccounts/blobServices/containers", DeadLetterContainer));
        var topicPrincipal = $"[reference('{Snapshot.Id(topic)}', '{(string)topic["apiVersion"]!}', 'full').identity.principalId]";

        Assert.Equal("SystemAssigned", (string?)topic["identity"]!["type"]);
        var assignment = Assert.Single(
            snapshot.OfType("Microsoft.Authorization/roleAssignments"),
            r => (string?)r["properties"]!["principalId"] == topicPrincipal);
        Assert.StartsWith($"{container}/providers/Microsoft.Authorization/roleAssignments/", Snapshot.Id(assignment), StringComparison.Ordinal);
        Assert.EndsWith($"/roleDefinitions/{StorageBlobDataContributor}", (string?)assignment["properties"]!["roleDefinitionId"], StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
        Assert.Equal(container, (string?)snapshot.Outputs["AZURE_EVENTGRID_DEADLETTER_CONTAINER_ID"]);
    }

    [Fact]
    public void The_postdeploy_hook_subscribes_with_retries_and_the_dead_letter_container_on_the_topic_identity()
    {
        var options = Options(HookCommand("az eventgrid event-subscription create"));
        var snapshot = Snapshot.Defaults;

        Assert.Equal("\"$AZURE_STORAGE_ACCOUNT_ID\"", options["--source-resource-id"]);
        Assert.Equal(Snapshot.Id(snapshot.OfType("Microsoft.Storage/storageAccounts").Single()), (string?)snapshot.Outputs["AZURE_STORAGE_ACCOUNT_ID"]);
        Assert.Equal("Microsoft.Storage.BlobCreated", options["--included-event-types"]);
        Assert.Equal("/blobServices/default/containers/tlsrpt-inbox/", options["--subject-begins-with"]);
        Assert.Equal("30", options["--max-delivery-attempts"]);
        Assert.Equal("1440", options["--event-ttl"]);
        Assert.Equal("systemassigned", options["--deadletter-identity"]);
        Assert.Equal("\"$AZURE_EVENTGRID_DEADLETTER_CONTAINER_ID\"", options["--deadletter-identity-endpoint"]);
        Assert.False(options.ContainsKey("--deadletter-endpoint"));
    }

    [Fact]
    public void The_postdeploy_hook_is_valid_sh_and_reads_only_outputs_of_the_template()
    {
        var outputs = Bicep.Template["outputs"]!.AsObject().Select(o => o.Key).ToHashSet();
        var used = AzdVariable().Matches(File.ReadAllText(Hook)).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, outputs));
        using var sh = Process.Start(new ProcessStartInfo("sh", ["-n", Hook]) { RedirectStandardError = true })!;
        var error = sh.StandardError.ReadToEnd();
        sh.WaitForExit();
        Assert.True(sh.ExitCode == 0, error);
    }

    private static List<JsonNode> LifecycleRules(Snapshot snapshot) =>
        snapshot.OfType("Microsoft.Storage/storageAccounts/managementPolicies").Single()["properties"]!["policy"]!["rules"]!
            .AsArray().Select(r => r!).ToList();

    private static JsonNode LifecycleActions(Snapshot snapshot, string container) =>
        LifecycleRules(snapshot)
            .Single(r => r["definition"]!["filters"]!["prefixMatch"]!.AsArray().Any(p => (string?)p == $"{container}/"))
            ["definition"]!["actions"]!["baseBlob"]!;

    /// <summary>The hook's command that starts with <paramref name="prefix"/>, its continuation lines joined.</summary>
    private static string HookCommand(string prefix) =>
        File.ReadAllText(Hook).Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(line => line.Trim())
            .Single(line => line.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Each <c>--option value</c> of a command (values here have no spaces inside their quotes).</summary>
    private static Dictionary<string, string> Options(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Enumerable.Range(0, words.Length - 1)
            .Where(i => words[i].StartsWith("--", StringComparison.Ordinal) && !words[i + 1].StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(i => words[i], i => words[i + 1]);
    }

    [GeneratedRegex(@"\$\{?(AZURE_[A-Z_]+)")]
    private static partial Regex AzdVariable();
}
