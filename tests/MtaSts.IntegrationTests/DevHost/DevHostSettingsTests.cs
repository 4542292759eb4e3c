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
}
