using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.DevHost;

/// <summary>
/// Onboarding end to end through the DevHost: a tenant PUT through the admin API, then <c>SyncCustomDomains</c> and
/// <c>RotatePolicyIds</c> run a few times against the Front Door stand-in (tokens from a local managed-identity
/// endpoint, as in Azure) and a real BIND holding the customer's one-time CNAME, until the tenant's certificate state
/// is <c>live</c> with no manual step.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DevHostFrontDoorTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = "frontdoor-test-key";
    private const string Domain = "shop.customers.test";
    private readonly string work = Directory.CreateTempSubdirectory("mtasts-devhost-afd-").FullName;
    private readonly string profile = "afd-devhost-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int port = FreePort.Next();
    private BindServer? bind;
    private FakeFrontDoor? frontDoor;
    private ManagedIdentityEndpoint? identity;
    private DevHostProcess? host;
    private HttpClient? client;

    public async Task InitializeAsync()
    {
        var secret = BindServer.NewSecret();
        var dnsPort = FreePort.Next();
        BindServer.WriteConfig(work, dnsPort, new Dictionary<string, (string, bool)>
        {
            ["policies.test"] = (string.Empty, true),
            ["customers.test"] = ($"_dnsauth.mta-sts.{Domain}. IN CNAME {Domain}.dnsauth.policies.test.\n_mta-sts.{Domain}. IN CNAME {Domain}.policies.test.", false),
        }, secret);
        bind = await BindServer.StartAsync(work, dnsPort);
        frontDoor = await FakeFrontDoor.StartAsync(new IPEndPoint(IPAddress.Loopback, dnsPort));
        frontDoor.AddProfile(profile, 10);
        frontDoor.AddRoute(profile, "ep-0", "route-policy", linkToDefaultDomain: true);
        frontDoor.AddSecurityPolicy(profile, "waf", "ep-0");
        identity = await ManagedIdentityEndpoint.StartAsync();
        var trust = Path.Combine(work, "arm-ca.pem");
        await File.WriteAllTextAsync(trust, frontDoor.CaPem);
        host = await DevHostProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["urls"] = $"http://127.0.0.1:{port}",
                ["Storage"] = azurite.ConnectionString,
                ["DevHost:FunctionKey"] = Key,
                ["DevHost:DemoDomain"] = string.Empty,
                ["RotationSchedule"] = "1.00:00:00",
                ["CustomDomainSchedule"] = "1.00:00:00",
                ["Policy:CacheSeconds"] = "1",
                ["Rotation:SafetyMarginSeconds"] = "0",
                ["Dns:Provider"] = "Rfc2136",
                ["Dns:DelegationZone"] = "policies.test",
                ["Dns:Rfc2136:Server"] = bind.Endpoint,
                ["Dns:Rfc2136:TsigKeyName"] = BindServer.KeyName,
                ["Dns:Rfc2136:TsigSecret"] = secret,
                ["FrontDoor:Endpoint"] = frontDoor.Endpoint,
                ["FrontDoor:SubscriptionId"] = FakeFrontDoor.DefaultSubscription,
                ["FrontDoor:ResourceGroup"] = FakeFrontDoor.DefaultResourceGroup,
                ["FrontDoor:DelegateValidation"] = "true",
                ["FrontDoor:Shards:0:Profile"] = profile,
                ["FrontDoor:Shards:0:Endpoint"] = "ep-0",
                ["FrontDoor:Shards:0:EndpointHost"] = "ep-0-abc.z01.azurefd.net",
                ["FrontDoor:Shards:0:Route"] = "route-policy",
                ["FrontDoor:Shards:0:Capacity"] = "10",
            },
            new Dictionary<string, string>(identity.Environment) { ["SSL_CERT_FILE"] = trust });
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        await host!.DisposeAsync();
        await identity!.DisposeAsync();
        await frontDoor!.DisposeAsync();
        await bind!.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_tenant_put_through_the_admin_API_goes_live_with_no_manual_step()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/tenants/{Domain}?code={Key}")
        {
            Content = new StringContent("{\"mode\":\"testing\",\"mx\":[\"mx.customers.test\"]}", Encoding.UTF8, "application/json"),
        };
        var created = await client!.SendAsync(put);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ep-0-abc.z01.azurefd.net", answer.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "mta-sts." + Domain).GetProperty("value").GetString());

        var state = string.Empty;
        for (var run = 0; run < 10 && state != "live"; run++)
        {
            foreach (var function in new[] { "SyncCustomDomains", "RotatePolicyIds" })
            {
                using var ran = await client.PostAsync($"/admin/functions/{function}?code={Key}", JsonContent.Create(new { input = string.Empty }));
                Assert.True(ran.IsSuccessStatusCode, $"{function}: {(int)ran.StatusCode} {host!.Output}");
            }

            var tenant = await client.GetFromJsonAsync<JsonElement>($"/api/tenants/{Domain}?code={Key}");
            state = tenant.GetProperty("customDomain").GetProperty("state").GetString()!;
            await Task.Delay(1100);
        }

        Assert.True(state == "live", $"custom domain state '{state}'\n{host!.Output}");
        Assert.True(identity!.Requests > 0, "the DevHost took its ARM token from the managed identity endpoint");
        Assert.Contains(frontDoor!.RouteCustomDomains(profile, "ep-0", "route-policy"), id => id.EndsWith(MtaSts.Core.FrontDoor.CustomDomainNaming.ResourceName(Domain), StringComparison.OrdinalIgnoreCase));
        var status = await client.GetFromJsonAsync<JsonElement>($"/api/tenants/{Domain}/status?code={Key}");
        var certificate = status.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "certificate");
        Assert.StartsWith("live", certificate.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
