using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DnsClient;
using MtaSts.Core.Tests.Support;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.DevHost;

/// <summary>
/// Readiness, promotion and alerts end to end through the DevHost, a real BIND (the tenant's MX and its delegated
/// <c>_mta-sts</c> record, written over RFC 2136) and a local webhook receiver: a tenant in <c>testing</c> with
/// <c>autoPromote</c> is fed 14 days of clean reports from two organizations over <c>POST /tlsrpt</c>, becomes
/// <c>ready</c>, is promoted by <c>EvaluateTenants</c>, its id rotates, and the receiver gets the promotion alert with
/// a valid signature. The 14 days in testing cannot pass on a real clock, so <c>Readiness:TestingDays</c> is 0 here
/// (the rubric's days are covered by the simulated weeks of the Core tests), one ready day promotes, and the HTTPS
/// reports may promote (<c>Readiness:PromoteOnAlignedEvidence</c> off; DKIM is covered by the Core and DKIM tests).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DevHostReadinessTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = "readiness-test-key";
    private const string Domain = "ready.customers.test";
    private const string Secret = "webhook-secret-for-tests";
    private readonly string work = Directory.CreateTempSubdirectory("mtasts-devhost-ready-").FullName;
    private readonly int port = FreePort.Next();
    private readonly WebhookReceiver receiver = new();
    private BindServer? bind;
    private DevHostProcess? host;
    private HttpClient? client;

    public async Task InitializeAsync()
    {
        var secret = BindServer.NewSecret();
        var dnsPort = FreePort.Next();
        BindServer.WriteConfig(work, dnsPort, new Dictionary<string, (string, bool)>
        {
            ["policies.test"] = (string.Empty, true),
            ["customers.test"] = ($"_mta-sts.{Domain}. IN CNAME {Domain}.policies.test.\n{Domain}. IN MX 10 mx.customers.test.", false),
        }, secret);
        bind = await BindServer.StartAsync(work, dnsPort);
        host = await DevHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Storage"] = azurite.ConnectionString,
            ["DevHost:FunctionKey"] = Key,
            ["DevHost:DemoDomain"] = string.Empty,
            ["DevHost:BlobPollSeconds"] = "1",
            ["RotationSchedule"] = "1.00:00:00",
            ["CustomDomainSchedule"] = "1.00:00:00",
            ["MxWatchSchedule"] = "1.00:00:00",
            ["EvaluationSchedule"] = "1.00:00:00",
            ["AlertDeliverySchedule"] = "1.00:00:00",
            ["ReportSweepSchedule"] = "1.00:00:00",
            ["Policy:CacheSeconds"] = "1",
            ["Rotation:SafetyMarginSeconds"] = "0",
            ["Dns:Provider"] = "Rfc2136",
            ["Dns:DelegationZone"] = "policies.test",
            ["Dns:Rfc2136:Server"] = bind.Endpoint,
            ["Dns:Rfc2136:TsigKeyName"] = BindServer.KeyName,
            ["Dns:Rfc2136:TsigSecret"] = secret,
            ["Mx:DnsServer"] = bind.Endpoint,
            ["Readiness:TestingDays"] = "0",
            ["Readiness:PromoteAfterDays"] = "1",
            ["Readiness:PromoteOnAlignedEvidence"] = "false",
            ["Alerts:Webhooks:0"] = receiver.Url,
            ["Alerts:WebhookSecret"] = Secret,
            ["Alerts:AllowPrivateTargets"] = "true",
        });
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        await host!.DisposeAsync();
        await bind!.DisposeAsync();
        receiver.Dispose();
        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task A_tenant_fed_clean_reports_becomes_ready_is_promoted_its_id_rotates_and_the_webhook_gets_a_signed_alert()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/tenants/{Domain}?code={Key}")
        {
            Content = new StringContent("{\"mode\":\"testing\",\"mx\":[\"mx.customers.test\"],\"maxAge\":86400,\"autoPromote\":true}", Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.Created, (await client!.SendAsync(put)).StatusCode);
        await Task.Delay(1100);
        await RunAsync("RotatePolicyIds");
        var firstId = await PublishedIdAsync();
        Assert.NotNull(firstId);

        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime); // the DevHost runs on the real clock
        for (var day = 1; day <= 14; day++)
        {
            foreach (var organization in new[] { "Google", "Microsoft" })
            {
                using var content = new ByteArrayContent(Report(organization, today.AddDays(-day)));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/tlsrpt+json");
                Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/tlsrpt", content)).StatusCode);
            }
        }

        var reports = 0;
        for (var i = 0; i < 120 && reports < 28; i++)
        {
            await Task.Delay(500);
            var summary = await client.GetFromJsonAsync<JsonElement>($"/api/tenants/{Domain}/reports?from={today.AddDays(-14):yyyy-MM-dd}&code={Key}");
            reports = summary.GetProperty("reportCount").GetInt32();
        }

        Assert.True(reports == 28, $"{reports} reports ingested\n{host!.Output}");
        var readiness = await client.GetFromJsonAsync<JsonElement>($"/api/tenants/{Domain}/readiness?code={Key}");
        Assert.True(readiness.GetProperty("verdict").GetString() == "ready", readiness.ToString());

        await RunAsync("EvaluateTenants");
        var tenant = await client.GetFromJsonAsync<JsonElement>($"/api/tenants/{Domain}?code={Key}");
        Assert.Equal(("enforce", "auto-promote", "pending-rotation"), (tenant.GetProperty("mode").GetString(), tenant.GetProperty("policyChangedBy").GetString(), tenant.GetProperty("state").GetString()));

        await Task.Delay(1100);
        await RunAsync("RotatePolicyIds");
        var secondId = await PublishedIdAsync();
        Assert.NotEqual(firstId, secondId);
        var txt = await new LookupClient(new LookupClientOptions(IPEndPoint.Parse(bind!.Endpoint)) { UseCache = false }).QueryAsync($"{Domain}.policies.test", QueryType.TXT);
        Assert.Contains($"v=STSv1; id={secondId}", txt.Answers.TxtRecords().Select(r => string.Concat(r.Text)));

        var promoted = receiver.Requests.Select(r => (r, Body: JsonDocument.Parse(r.Body).RootElement))
            .SingleOrDefault(x => x.Body.GetProperty("condition").GetString() == "promoted");
        Assert.True(promoted.Body.ValueKind == JsonValueKind.Object, $"notices: {string.Join(", ", receiver.Requests.Select(r => Encoding.UTF8.GetString(r.Body)))}\n{host!.Output}");
        Assert.Equal((Domain, "open"), (promoted.Body.GetProperty("tenant").GetString(), promoted.Body.GetProperty("state").GetString()));
        Assert.Contains("--mode testing", promoted.Body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), promoted.r.Body)), promoted.r.Signature);

        var alerts = await client.GetFromJsonAsync<JsonElement>($"/api/tenants/{Domain}/alerts?code={Key}");
        Assert.Contains(alerts.GetProperty("notices").EnumerateArray(), n => n.GetProperty("condition").GetString() == "promoted" && n.GetProperty("status").GetString() == "delivered");
    }

    private async Task RunAsync(string function)
    {
        using var ran = await client!.PostAsync($"/admin/functions/{function}?code={Key}", JsonContent.Create(new { input = string.Empty }));
        Assert.True(ran.IsSuccessStatusCode, $"{function}: {(int)ran.StatusCode} {host!.Output}");
    }

    private async Task<string?> PublishedIdAsync() =>
        (await client!.GetFromJsonAsync<JsonElement>($"/api/tenants/{Domain}?code={Key}")).GetProperty("publishedId").GetString();

    private static byte[] Report(string organization, DateOnly day) => Encoding.UTF8.GetBytes($$$"""
        {"organization-name":"{{{organization}}}","date-range":{"start-datetime":"{{{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}}}T00:00:00Z","end-datetime":"{{{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}}}T23:59:59Z"},
         "contact-info":"tls-reports@{{{organization.ToLowerInvariant()}}}.example","report-id":"{{{organization}}}-{{{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}}}",
         "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: testing","mx: mx.customers.test","max_age: 86400"],"policy-domain":"{{{Domain}}}","mx-host":["mx.customers.test"]},
           "summary":{"total-successful-session-count":40,"total-failure-session-count":0}}]}
        """);
}
