using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Dashboard;
using MtaSts.Core.Tests.Support;
using MtaSts.Functions.Dashboard;

namespace MtaSts.Functions.Tests;

/// <summary>The dashboard's files as <see cref="ServeDashboard"/> answers them, and <see cref="CreateShareLink"/>'s answers.</summary>
public sealed class DashboardFunctionTests
{
    private static readonly DashboardAssets Assets = new();

    [Fact]
    public void The_page_its_scripts_and_its_style_are_embedded_and_nothing_refers_outside_this_origin()
    {
        Assert.Contains("index.html", Assets.Paths);
        Assert.Contains("app.js", Assets.Paths);
        Assert.Contains("pages/tenant.js", Assets.Paths);
        Assert.Contains("style.css", Assets.Paths);
        foreach (var path in Assets.Paths)
        {
            var text = System.Text.Encoding.UTF8.GetString(Assets.Find(path)!.Content);
            Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text.Replace("https://mta-sts.", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("innerHTML", text, StringComparison.Ordinal); // data never becomes markup
            Assert.DoesNotContain("eval(", text, StringComparison.Ordinal);
        }

        var page = System.Text.Encoding.UTF8.GetString(Assets.Find(null)!.Content);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal); // no inline script
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 200, "text/html; charset=utf-8")]
    [InlineData("app.js", 200, "text/javascript; charset=utf-8")]
    [InlineData("style.css", 200, "text/css; charset=utf-8")]
    [InlineData("../appsettings.json", 404, "text/plain; charset=utf-8")]
    [InlineData("pages/../app.js", 404, "text/plain; charset=utf-8")]
    [InlineData("APP.JS", 404, "text/plain; charset=utf-8")]
    public async Task Files_are_served_by_exact_name_with_a_strict_policy(string? path, int status, string type)
    {
        var request = FunctionHarness.Request("GET");
        request.Path = "/dashboard/" + path;
        var response = await FunctionHarness.ExecuteAsync(new ServeDashboard(Assets).Run(request, path), request);

        Assert.Equal(status, response.Status);
        Assert.Equal(type, response.Headers.ContentType.ToString());
        Assert.Equal(ServeDashboard.ContentSecurityPolicy, response.Headers.ContentSecurityPolicy.ToString());
        Assert.DoesNotContain("unsafe", ServeDashboard.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", ServeDashboard.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("no-referrer", response.Headers["Referrer-Policy"].ToString());
    }

    [Theory]
    [InlineData("/dashboard", "dashboard/")]
    [InlineData("/shared", "shared/")]
    public async Task The_page_without_its_trailing_slash_is_sent_to_the_address_with_it(string path, string location)
    {
        var request = FunctionHarness.Request("GET");
        request.Path = path;

        var response = await FunctionHarness.ExecuteAsync(ServeDashboard.Serve(Assets, request, null), request);

        Assert.Equal((301, location), (response.Status, response.Headers.Location.ToString()));
        Assert.Equal(ServeDashboard.ContentSecurityPolicy, response.Headers.ContentSecurityPolicy.ToString());
    }

    [Fact]
    public async Task A_known_etag_gets_304_and_head_gets_no_body()
    {
        var first = FunctionHarness.Request("GET");
        var etag = (await FunctionHarness.ExecuteAsync(new ServeDashboard(Assets).Run(first, "app.js"), first)).Headers.ETag.ToString();
        var again = FunctionHarness.Request("GET");
        again.Headers.IfNoneMatch = etag;
        var notModified = await FunctionHarness.ExecuteAsync(new ServeDashboard(Assets).Run(again, "app.js"), again);
        var head = FunctionHarness.Request("HEAD");
        var headers = await FunctionHarness.ExecuteAsync(new ServeDashboard(Assets).Run(head, "app.js"), head);

        Assert.Equal((304, string.Empty), (notModified.Status, notModified.Body));
        Assert.Equal((200, string.Empty), (headers.Status, headers.Body));
        Assert.Equal(Assets.Find("app.js")!.Content.Length, headers.Headers.ContentLength);
    }

    [Theory]
    [InlineData("""{"days": 7}""", 201)]
    [InlineData("""{"days": 0}""", 400)]
    [InlineData("""{"days": 31}""", 400)]
    [InlineData("""{"days": "7"}""", 400)]
    [InlineData("""{"days": 7, "domain": "other.example"}""", 400)]
    [InlineData("[7]", 400)]
    [InlineData("", 400)]
    public async Task A_share_link_is_made_for_whole_days_up_to_the_limit(string body, int status)
    {
        var harness = new FunctionHarness();
        await harness.Admin.PutAsync("example.com", """{"mode":"testing","mx":["mx.example.com"],"maxAge":86400}"""u8.ToArray(), default);
        var links = new ShareLinks(harness.Store, Microsoft.Extensions.Options.Options.Create(new DashboardOptions { ShareSecret = new string('k', 40) }), harness.Time);
        var request = FunctionHarness.Request("POST", body, host: "admin.example.net");
        request.Scheme = "https";

        var response = await FunctionHarness.ExecuteAsync(await new CreateShareLink(links).Run(request, "example.com", default), request);

        Assert.Equal(status, response.Status);
        if (status == 201)
        {
            Assert.StartsWith("https://admin.example.net/shared/#/share/example.com/", response.Json.GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.Equal(harness.Time.GetUtcNow().AddDays(7), response.Json.GetProperty("expiresAt").GetDateTimeOffset());
        }
        else
        {
            Assert.Contains("from 1 to 30", response.Json.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_secret_share_links_are_refused_with_how_to_turn_them_on()
    {
        var harness = new FunctionHarness();
        var links = new ShareLinks(harness.Store, Microsoft.Extensions.Options.Options.Create(new DashboardOptions()), harness.Time);
        var request = FunctionHarness.Request("POST", """{"days": 7}""");

        var response = await FunctionHarness.ExecuteAsync(await new CreateShareLink(links).Run(request, "example.com", default), request);

        Assert.Equal(409, response.Status);
        Assert.Contains("Dashboard:ShareSecret", response.Json.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }
}
