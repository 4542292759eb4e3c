using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.DevHost;

/// <summary>Bad settings stop the app at start-up with a message that names the setting.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DevHostSettingsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Policy:CacheSeconds", "0", "Policy:CacheSeconds must be between 1 and 3600")]
    [InlineData("Serving:PublicHostName", "not a host", "Serving:PublicHostName is not a valid host name")]
    [InlineData("Proxy:TrustedFrontDoorId", "my-front-door", "Proxy:TrustedFrontDoorId must be the Front Door profile's id")]
    [InlineData("Dns:DelegationZone", "bad..zone", "Dns:DelegationZone is not a valid zone name")]
    public async Task Invalid_settings_stop_the_DevHost_with_a_clear_message(string setting, string value, string message)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DevHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Storage"] = azurite.ConnectionString,
            [setting] = value,
        }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// #14's first minutes: the DevHost read appsettings.json from the working directory, so its DLL failed to start
    /// anywhere but its project folder (Serving:PublicHostName missing). Its settings come from its build folder now.
    /// </summary>
    [Fact]
    public async Task The_DevHost_starts_from_any_working_directory_with_its_own_settings()
    {
        var elsewhere = Directory.CreateTempSubdirectory("mtasts-devhost-cwd-").FullName;
        var port = FreePort.Next();
        await using var host = await DevHostProcess.StartAsync(
            new Dictionary<string, string> { ["urls"] = $"http://127.0.0.1:{port}", ["Storage"] = azurite.ConnectionString, ["DevHost:FunctionKey"] = "cwd-key" },
            workingDirectory: elsewhere);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("x-functions-key", "cwd-key");

        using var demo = await client.GetAsync("/api/tenants/example.com"); // DevHost:DemoDomain, from appsettings.json
        Assert.Equal(System.Net.HttpStatusCode.OK, demo.StatusCode);
        Assert.Contains("mtasts.localhost", await demo.Content.ReadAsStringAsync(), StringComparison.Ordinal); // Serving:PublicHostName
        for (var i = 0; i < 50 && !host.Output.Contains("/dashboard/ (sign in", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains($"Dashboard: http://127.0.0.1:{port}/dashboard/ (sign in with the function key", host.Output, StringComparison.Ordinal);
    }
}
