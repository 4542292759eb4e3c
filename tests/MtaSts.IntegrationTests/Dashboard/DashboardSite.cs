using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using MtaSts.Core.Tests.Support;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Dashboard;

/// <summary>
/// Everything the dashboard's browser tests need, started once for them all and stopped after: its own Azurite, a
/// loopback DNS answering the seeded tenants' MX and TXT records, the real DevHost (function key, share secret), and
/// Debian's Chromium driven by Playwright through <see cref="ChromiumPath"/> (never a downloaded browser). The DevHost
/// is seeded through its own API with <see cref="Tenants"/> tenants, and with real reports from the conformance corpus
/// (Google, Microsoft, RFC 8460's example) re-dated to the last days and posted to <c>/tlsrpt</c>.
/// </summary>
public sealed class DashboardSite : IAsyncLifetime
{
    public const string Key = "dashboard-test-key";
    public const string ShareSecret = "dashboard-share-secret-for-tests-0123456789";
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The tenant with the corpus's RFC 8460 report on five days: the one whose charts are checked.</summary>
    public const string Reported = "company-y.example";

    /// <summary>Tenants named alpha-00 ... : with the corpus tenants, more than one page of 25.</summary>
    public const int Fillers = 24;

    private static readonly string Corpus = Path.Combine(MtaSts.DevHost.Hosting.AzuriteProcess.RepositoryRoot(), "..", "shared", "conformance", "tlsrpt");
    private readonly AzuriteFixture azurite = new();
    private readonly DnsResponder dns = new();
    private readonly int port = FreePort.Next();
    private DevHostProcess? host;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public string BaseUrl => $"http://127.0.0.1:{port}";

    /// <summary>The DevHost's tenants table, to set what the API cannot (a rotation's error).</summary>
    public MtaSts.Core.Tenants.TableTenantStore Store => new(azurite.Tables);

    /// <summary>Every seeded tenant, in domain order.</summary>
    public IReadOnlyList<string> Tenants { get; } =
        [.. new[] { Reported, "random.net", "foo-bar.io" }.Concat(Enumerable.Range(0, Fillers).Select(i => $"alpha-{i:00}.example")).Order(StringComparer.Ordinal)];

    /// <summary>Where screenshots go: <c>MTASTS_ARTIFACTS</c>, or <c>artifacts/dashboard</c> in the repository.</summary>
    public static string Artifacts
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("MTASTS_ARTIFACTS") is { Length: > 0 } configured
                ? Path.Combine(configured, "dashboard")
                : Path.Combine(MtaSts.DevHost.Hosting.AzuriteProcess.RepositoryRoot(), "artifacts", "dashboard");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        foreach (var domain in new[] { Reported, "random.net", "foo-bar.io" })
        {
            dns.Mx[domain] = [(10, "mx1.mail." + domain)];
            dns.Txt["_smtp._tls." + domain] = "v=TLSRPTv1; rua=mailto:tlsrpt@reports.example";
        }

        host = await DevHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["urls"] = BaseUrl,
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
            ["Checks:DnsServer"] = dns.Endpoint,
            ["Checks:TimeoutSeconds"] = "2",
            ["Mx:DnsServer"] = dns.Endpoint,
            ["Dashboard:ShareSecret"] = ShareSecret,
        });
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Api.DefaultRequestHeaders.Add("x-functions-key", Key);
        await SeedAsync();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        Api?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        dns.Dispose();
        await azurite.DisposeAsync();
    }

    /// <summary>A new browser context (its own sessionStorage) that fails the test on any script error or CSP violation.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = BaseUrl });
        await context.AddInitScriptAsync(await File.ReadAllTextAsync(Path.Combine(MtaSts.DevHost.Hosting.AzuriteProcess.RepositoryRoot(), "node_modules", "axe-core", "axe.min.js")));
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 4", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (context, page, errors);
    }

    /// <summary>Opens the dashboard and signs in with the admin key, as a person would.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> SignInAsync(int width = 1280, int height = 900)
    {
        var (context, page, errors) = await OpenAsync(width, height);
        await page.GotoAsync("/dashboard");
        await page.GetByLabel("Admin key").FillAsync(Key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 }).WaitForAsync();
        return (context, page, errors);
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Api.GetFromJsonAsync<JsonElement>(path);

    private async Task SeedAsync()
    {
        foreach (var domain in Tenants)
        {
            var mode = domain == "random.net" ? "enforce" : "testing";
            using var put = await Api.PutAsJsonAsync($"/api/tenants/{domain}", new { mode, mx = new[] { "*.mail." + domain }, maxAge = 604800 });
            Assert.True(put.IsSuccessStatusCode, $"PUT {domain}: {put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var posted = 0;
        for (var daysAgo = 1; daysAgo <= 5; daysAgo++)
        {
            await PostAsync("parsedmarc/rfc8460.json", today.AddDays(-daysAgo), $"rfc8460-{daysAgo}");
            posted++;
        }

        await PostAsync("dmarc-report-viewer/microsoft.json", today.AddDays(-2), "microsoft-1");
        await PostAsync("dmarc-report-viewer/google.json", today.AddDays(-1), "google-1");

        // Ingestion runs on the blob trigger: wait until every report is counted.
        var from = today.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var summary = await GetJsonAsync($"/api/tenants/{Reported}/reports?from={from}&to={today:yyyy-MM-dd}");
            var others = await GetJsonAsync($"/api/tenants/random.net/reports?from={from}&to={today:yyyy-MM-dd}");
            if (summary.GetProperty("reportCount").GetInt32() == posted && others.GetProperty("reportCount").GetInt32() == 1)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException("the seeded reports were not ingested in time:\n" + host!.Output);
    }

    private async Task PostAsync(string file, DateOnly day, string id)
    {
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Corpus, file)))!;
        report["date-range"] = new JsonObject
        {
            ["start-datetime"] = $"{day:yyyy-MM-dd}T00:00:00Z",
            ["end-datetime"] = $"{day:yyyy-MM-dd}T23:59:59Z",
        };
        report["report-id"] = id;
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(report.ToJsonString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/tlsrpt+json");
        using var response = await Api.PostAsync("/tlsrpt", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
