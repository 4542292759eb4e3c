using System.Text.Json;
using MtaSts.Cli;
using MtaSts.DevHost.Hosting;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Checks;

/// <summary><c>mtasts tenant ...</c> against a DevHost whose server-side checks look at the checker lab's domains.</summary>
[Collection(CheckerCollection.Name)]
public sealed class TenantCommandTests(CheckerLab lab) : IAsyncLifetime
{
    private const string Key = "tenant-cli-key";
    private readonly int port = FreePort.Next();
    private AzuriteProcess? azurite;
    private DevHostProcess? host;

    private string Url => $"http://127.0.0.1:{port}";

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartAsync(FreePort.Next(), FreePort.Next(), FreePort.Next(), _ => { }, CancellationToken.None);
        host = await DevHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["urls"] = Url,
            ["Storage"] = azurite.ConnectionString,
            ["DevHost:FunctionKey"] = Key,
            ["DevHost:DemoDomain"] = string.Empty,
            ["DevHost:RunTimers"] = "false",
            ["Serving:PublicHostName"] = "mtasts.check.test",
            ["Checks:DnsServer"] = lab.Dns.ToString(),
            ["Checks:CaFile"] = lab.CaFile,
            ["Checks:HttpsPort"] = lab.HttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Checks:AllowPrivateTargets"] = "true",
            ["Mx:DnsServer"] = lab.Dns.ToString(),
            ["Policy:CacheSeconds"] = "1",
            ["Rotation:SafetyMarginSeconds"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        await host!.DisposeAsync();
        await azurite!.DisposeAsync();
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MtaStsCli.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Put_get_list_status_and_delete_through_the_admin_API()
    {
        var put = await RunAsync("tenant", "put", "good.check.test", "--mode", "enforce", "--mx", "mx1.good.check.test", "--max-age", "1209600", "--url", Url, "--key", Key);
        Assert.True(put.ExitCode == 0, put.Error);
        Assert.Equal("pending-rotation", JsonDocument.Parse(put.Output).RootElement.GetProperty("state").GetString());

        Assert.Contains("good.check.test", (await RunAsync("tenant", "list", "--url", Url, "--key", Key)).Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("tenant", "get", "good.check.test", "--url", Url, "--key", Key)).ExitCode);

        var status = await RunAsync("tenant", "status", "good.check.test", "--url", Url, "--key", Key);
        Assert.True(status.ExitCode == 0, status.Output + status.Error);
        Assert.Contains("PASS  served-policy", status.Output, StringComparison.Ordinal);
        Assert.Contains("WARN  published-id", status.Output, StringComparison.Ordinal);
        Assert.Contains("WARN  rotation", status.Output, StringComparison.Ordinal);

        await Task.Delay(TimeSpan.FromSeconds(1.2)); // the rotation window: Policy:CacheSeconds 1 + Rotation:SafetyMarginSeconds 0
        using (var http = new HttpClient())
        {
            var run = await http.PostAsync($"{Url}/admin/functions/RotatePolicyIds?code={Key}", null);
            Assert.True(run.IsSuccessStatusCode);
        }

        var drift = await RunAsync("tenant", "status", "good.check.test", "--url", Url, "--key", Key, "--json");
        Assert.Equal(0, drift.ExitCode);
        var check = JsonDocument.Parse(drift.Output).RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "published-id");
        Assert.Equal("fail", check.GetProperty("status").GetString());
        Assert.Contains("DNS has id 20261129000000", check.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(1, (await RunAsync("tenant", "status", "good.check.test", "--url", Url, "--key", Key)).ExitCode);

        var readiness = await RunAsync("tenant", "readiness", "good.check.test", "--url", Url, "--key", Key);
        Assert.True(readiness.ExitCode == 0, readiness.Error);
        var answer = JsonDocument.Parse(readiness.Output).RootElement;
        Assert.Contains(answer.GetProperty("verdict").GetString(), new[] { "ready", "not-yet", "blocked" });
        Assert.Equal(6, answer.GetProperty("criteria").GetArrayLength());

        var automated = await RunAsync("tenant", "put", "good.check.test", "--mode", "enforce", "--mx", "mx1.good.check.test", "--max-age", "1209600", "--auto-promote", "true", "--mx-sync", "auto", "--url", Url, "--key", Key);
        Assert.True(automated.ExitCode == 0, automated.Error);
        var settings = JsonDocument.Parse(automated.Output).RootElement;
        Assert.Equal((true, "auto"), (settings.GetProperty("autoPromote").GetBoolean(), settings.GetProperty("mxSync").GetString()));
        var alerts = await RunAsync("tenant", "alerts", "good.check.test", "--url", Url, "--key", Key);
        Assert.True(alerts.ExitCode == 0, alerts.Error);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(alerts.Output).RootElement.GetProperty("alerts").ValueKind);

        // The DevHost makes a share key for its run when none is set.
        var share = await RunAsync("tenant", "share", "good.check.test", "--days", "3", "--url", Url, "--key", Key);
        Assert.True(share.ExitCode == 0, share.Error);
        Assert.StartsWith($"{Url}/shared/#/share/good.check.test/", JsonDocument.Parse(share.Output).RootElement.GetProperty("url").GetString(), StringComparison.Ordinal);
        var tooLong = await RunAsync("tenant", "share", "good.check.test", "--days", "400", "--url", Url, "--key", Key);
        Assert.Equal(1, tooLong.ExitCode);
        Assert.Contains("from 1 to 30", tooLong.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("tenant", "delete", "good.check.test", "--url", Url, "--key", Key)).ExitCode);
    }

    [Fact]
    public async Task Problems_exit_1_and_usage_errors_exit_2()
    {
        var invalid = await RunAsync("tenant", "put", "bad..domain", "--mode", "enforce", "--url", Url, "--key", Key);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("HTTP 400", invalid.Error, StringComparison.Ordinal);

        Assert.Equal(1, (await RunAsync("tenant", "get", "unknown.check.test", "--url", Url, "--key", Key)).ExitCode);
        Assert.Equal(2, (await RunAsync("tenant", "get", "good.check.test", "--url", Url, "--key", "wrong")).ExitCode);
        Assert.Equal(2, (await RunAsync("tenant", "get", "good.check.test")).ExitCode);
        Assert.Equal(2, (await RunAsync("tenant", "put", "x.check.test", "--url", Url, "--key", Key)).ExitCode);
    }
}
