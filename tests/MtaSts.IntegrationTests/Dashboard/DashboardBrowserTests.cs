using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace MtaSts.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium through Playwright) against the seeded DevHost: the tenant list
/// and its paging, the chart bars carrying the API's numbers, validation errors next to their field, share links
/// opening one tenant only, axe-core finding no serious accessibility violation, 375 px and the keyboard. Every test
/// fails on a script error or a Content-Security-Policy violation in the page, and screenshots of each page are saved
/// to <see cref="DashboardSite.Artifacts"/>.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardSite site)
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string From => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_list_shows_the_seeded_tenants_a_page_at_a_time_and_searches_by_domain()
    {
        var (context, page, errors) = await site.SignInAsync();
        await using var _ = context;
        await page.GetByRole(AriaRole.Link, new() { Name = "Tenants" }).ClickAsync();
        await page.Locator("table.tenants tbody tr").First.WaitForAsync();

        var first = await page.Locator("table.tenants tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.domain)");
        Assert.Equal(site.Tenants.Take(25), first);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await page.GetByText("Page 2").WaitForAsync();
        var second = await page.Locator("table.tenants tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.domain)");
        Assert.Equal(site.Tenants.Skip(25), second);

        var reported = page.Locator($"tr[data-domain='{DashboardSite.Reported}']");
        await page.GetByRole(AriaRole.Button, new() { Name = "Previous page" }).ClickAsync();
        await reported.WaitForAsync();
        Assert.Contains(Today[..8], await reported.Locator("td").Last.InnerTextAsync(), StringComparison.Ordinal); // its last report is this month
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardSite.Artifacts, "tenants.png"), FullPage = true });

        // Review of #14: a key refused while paging (a 401 inside a click handler) went nowhere; it now signs out.
        await page.EvaluateAsync("() => sessionStorage.setItem('mtasts.adminKey', 'revoked')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await page.GetByText("The admin key was refused: sign in again.").WaitForAsync();
        await page.GetByLabel("Admin key").FillAsync(DashboardSite.Key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync("/dashboard/#/tenants");
        await page.Locator("table.tenants").WaitForAsync();

        await page.GetByLabel("Domain starts with").FillAsync("COMP");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('table.tenants tbody tr').length === 1");
        Assert.Equal([DashboardSite.Reported], await page.Locator("table.tenants tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.domain)"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_chart_bars_and_breakdowns_carry_the_apis_numbers()
    {
        var api = await site.GetJsonAsync($"/api/tenants/{DashboardSite.Reported}/reports?from={From}&to={Today}");
        var (context, page, errors) = await site.SignInAsync();
        await using var _ = context;
        await page.GotoAsync($"/dashboard#/tenant/{DashboardSite.Reported}");
        await page.Locator("figure.daily svg").WaitForAsync();

        // Every day of the range has its bars: the API's numbers where it has the day, 0 where no report came.
        var bars = await page.Locator("rect[data-kind]").EvaluateAllAsync<string[][]>("rs => rs.map(r => [r.dataset.date, r.dataset.kind, r.dataset.value])");
        var byDay = api.GetProperty("days").EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!, d => (Ok: d.GetProperty("successful").GetInt64(), Failed: d.GetProperty("failed").GetInt64()));
        Assert.Equal(5, byDay.Count); // five days of the RFC 8460 report
        // The range the page drew is its own (the browser's clock); the expectation is built over that same range.
        var drawn = await page.Locator("figure.daily g[data-date]").EvaluateAllAsync<string[]>("gs => gs.map(g => g.dataset.date)");
        Assert.Equal(30, drawn.Length);
        var first = DateOnly.ParseExact(drawn[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => first.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), drawn); // every day, in order
        Assert.All(byDay.Keys, day => Assert.Contains(day, drawn));
        var expected = drawn
            .SelectMany(day => new[] { new[] { day, "successful", byDay.GetValueOrDefault(day).Ok.ToString(CultureInfo.InvariantCulture) }, [day, "failed", byDay.GetValueOrDefault(day).Failed.ToString(CultureInfo.InvariantCulture)] })
            .ToArray();
        Assert.Equal(expected, bars);
        Assert.Contains(bars, b => b[1] == "failed" && b[2] == "303");

        foreach (var (caption, property) in new[] { ("Failures by result type", "failuresByResultType"), ("Failures by MX host", "failuresByReceivingMx"), ("Failures by reporting organization", "failuresByOrganization") })
        {
            var shown = await page.Locator($"figure[data-chart='{caption}'] tr[data-label]").EvaluateAllAsync<string[][]>("rs => rs.map(r => [r.dataset.label, r.dataset.value])");
            var given = api.GetProperty(property).EnumerateObject().Select(p => new[] { p.Name, p.Value.GetInt64().ToString(CultureInfo.InvariantCulture) }).ToArray();
            Assert.NotEmpty(given);
            Assert.Equal(given.OrderBy(g => g[0], StringComparer.Ordinal), shown.OrderBy(s => s[0], StringComparer.Ordinal));
        }

        await page.Locator("[data-check]").First.WaitForAsync();
        await page.Locator("[data-verdict]").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardSite.Artifacts, "tenant.png"), FullPage = true });
        await page.EvaluateAsync("() => document.getElementById('h-reports').scrollIntoView()");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardSite.Artifacts, "tenant-reports.png") });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_edit_form_shows_the_apis_validation_error_next_to_the_mx_field()
    {
        var (context, page, errors) = await site.SignInAsync();
        await using var _ = context;
        await page.GotoAsync("/dashboard#/tenant/foo-bar.io");
        var mx = page.GetByLabel("MX hosts");
        await mx.FillAsync("*.*.example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();

        var error = page.Locator("#edit-mx-error");
        await error.WaitForAsync();
        Assert.Contains("'*.*.example.org' is not a valid mx pattern", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await mx.GetAttributeAsync("aria-invalid"));
        Assert.Contains("edit-mx-error", await mx.GetAttributeAsync("aria-describedby"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#edit-mode-error").IsHiddenAsync());
        var tenant = await site.GetJsonAsync("/api/tenants/foo-bar.io");
        Assert.Equal(["*.mail.foo-bar.io"], tenant.GetProperty("mx").EnumerateArray().Select(m => m.GetString()));
        Assert.Empty(errors);
    }

    /// <summary>Review of #14: the add form replaced an existing tenant (a plain PUT creates or replaces); it now only creates.</summary>
    [Fact]
    public async Task Adding_a_tenant_that_exists_is_refused_next_to_the_domain_and_changes_nothing()
    {
        var (context, page, errors) = await site.SignInAsync();
        await using var _ = context;
        await page.GotoAsync("/dashboard#/tenants");
        await page.GetByText("Add a tenant").ClickAsync();
        await page.GetByLabel("Domain", new() { Exact = true }).FillAsync("random.net");
        await page.Locator("#add-mx").FillAsync("mx.random.net");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add tenant" }).ClickAsync();

        var error = page.Locator("#add-domain-error");
        await error.WaitForAsync();
        Assert.Contains("exists already", await error.InnerTextAsync(), StringComparison.Ordinal);
        var tenant = await site.GetJsonAsync("/api/tenants/random.net");
        Assert.Equal(("enforce", "*.mail.random.net"), (tenant.GetProperty("mode").GetString(), tenant.GetProperty("mx")[0].GetString()));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_share_link_opens_its_tenant_read_only_and_is_refused_for_another()
    {
        using var made = await site.Api.PostAsJsonAsync($"/api/tenants/{DashboardSite.Reported}/share", new { days = 7 });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var url = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        Assert.StartsWith($"{site.BaseUrl}/shared/#/share/{DashboardSite.Reported}/", url, StringComparison.Ordinal);

        var (context, page, errors) = await site.OpenAsync();
        await using var _ = context;
        await page.GotoAsync(url);
        await page.GetByText("A read-only view shared with you").WaitForAsync();
        await page.Locator("figure.daily svg").WaitForAsync();
        Assert.Contains("mx: *.mail.company-y.example", await page.Locator("[data-policy]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Delete tenant" }).CountAsync());
        Assert.True(await page.Locator("#nav").IsHiddenAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardSite.Artifacts, "shared.png"), FullPage = true });

        // Review of #14: the skip link set the fragment to #main, which dropped the route and the token with it.
        await page.Locator(".skip").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Equal(url, page.Url);
        Assert.Equal(1, await page.Locator("[data-policy]").CountAsync());

        var token = url[(url.LastIndexOf('/') + 1)..];
        await page.GotoAsync($"/shared/#/share/random.net/{token}");
        await page.GetByText("does not open this tenant", new() { Exact = false }).WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-policy]").CountAsync());

        using var refused = new HttpRequestMessage(HttpMethod.Get, "/api/shared/random.net");
        refused.Headers.Add("x-share-token", token);
        using var anonymous = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(refused)).StatusCode);
        Assert.Empty(errors);
    }

    /// <summary>
    /// Review of #14: the shared view returned the tenant as the admin API shows it, with our rotation error (which can
    /// name Azure resources) and the automation settings. It now shows the policy, the records and the checks, with our
    /// own error texts withheld wherever they appear.
    /// </summary>
    [Fact]
    public async Task A_shared_page_withholds_the_operators_errors_and_settings()
    {
        const string Domain = "alpha-00.example";
        const string Secret = "publish: Forbidden by /subscriptions/0000-secret/resourceGroups/rg-ops (managed identity 1111)";
        var stored = (await site.Store.GetAsync(Domain, default))!;
        await site.Store.UpdateAsync(stored with { LastError = Secret, FailedAttempts = 4, NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1), Automation = new MtaSts.Core.Tenants.TenantAutomation(true, true, ["https://hooks.example/secret-path"]) }, default);
        Assert.Contains("0000-secret", (await site.GetJsonAsync($"/api/tenants/{Domain}/status")).ToString(), StringComparison.Ordinal); // the admin sees it

        using var made = await site.Api.PostAsJsonAsync($"/api/tenants/{Domain}/share", new { days = 1 });
        var url = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/shared/{Domain}");
        request.Headers.Add("x-share-token", url[(url.LastIndexOf('/') + 1)..]);
        using var anonymous = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        using var response = await anonymous.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("0000-secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("hooks.example", body, StringComparison.Ordinal);
        Assert.Contains("the DNS id for the served policy is not published yet; the service retries", body, StringComparison.Ordinal);
        var readiness = JsonDocument.Parse(body).RootElement.GetProperty("readiness");
        Assert.Equal((false, 0), (readiness.GetProperty("autoPromote").GetBoolean(), readiness.GetProperty("readyStreak").GetInt32()));
        var tenant = JsonDocument.Parse(body).RootElement.GetProperty("tenant");
        foreach (var property in new[] { "lastError", "autoPromote", "mxSync", "alertWebhooks", "failedAttempts", "policyChangedBy" })
        {
            Assert.False(tenant.TryGetProperty(property, out _), property);
        }
    }

    [Fact]
    public async Task Axe_finds_no_serious_violation_on_any_page()
    {
        using var made = await site.Api.PostAsJsonAsync("/api/tenants/random.net/share", new { days = 1 });
        var shared = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var (context, page, errors) = await site.OpenAsync();
        await using var _ = context;
        await page.GotoAsync("/dashboard");
        await page.GetByLabel("Admin key").WaitForAsync();
        var found = new List<string>();
        found.AddRange(await AxeAsync(page, "sign-in"));
        await page.GetByLabel("Admin key").FillAsync(DashboardSite.Key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("[data-stat='tenants']").WaitForAsync();
        found.AddRange(await AxeAsync(page, "overview"));
        await page.GotoAsync("/dashboard#/tenants");
        await page.Locator("table.tenants").WaitForAsync();
        await page.GetByText("Add a tenant").ClickAsync();
        found.AddRange(await AxeAsync(page, "tenants"));
        await page.GotoAsync($"/dashboard#/tenant/{DashboardSite.Reported}");
        await page.Locator("[data-verdict]").WaitForAsync();
        await page.Locator("[data-check]").First.WaitForAsync();
        found.AddRange(await AxeAsync(page, "tenant"));
        await page.GotoAsync(shared);
        await page.Locator("[data-policy]").WaitForAsync();
        found.AddRange(await AxeAsync(page, "shared"));

        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_page_fits_375_pixels_and_works_from_the_keyboard()
    {
        var (context, page, errors) = await site.OpenAsync(375, 800);
        await using var _ = context;
        await page.GotoAsync("/dashboard");
        await page.GetByLabel("Admin key").WaitForAsync();
        Assert.Equal("key", await page.EvaluateAsync<string>("() => document.activeElement.id")); // the sign-in form starts at its field
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(DashboardSite.Key);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-stat='tenants']").WaitForAsync();
        await FitsAsync(page, "overview");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardSite.Artifacts, "overview-375.png"), FullPage = true });

        // To the tenant list and into a tenant with Tab and Enter only.
        await TabToAsync(page, "a[data-nav='tenants']");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("table.tenants").WaitForAsync();
        await FitsAsync(page, "tenants");
        await TabToAsync(page, $"a[href='#/tenant/{DashboardSite.Reported}']");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("figure.daily svg").WaitForAsync();
        await page.Locator("[data-check]").First.WaitForAsync();
        await FitsAsync(page, "tenant");
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardSite.Artifacts, "tenant-375.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_overview_shows_the_apis_totals_and_the_page_is_served_with_a_strict_policy()
    {
        var overview = await site.GetJsonAsync("/api/overview");
        var (context, page, errors) = await site.SignInAsync();
        await using var _ = context;
        await page.Locator("[data-stat='tenants']").WaitForAsync();
        Assert.Equal(overview.GetProperty("tenants").GetInt32().ToString("N0", CultureInfo.GetCultureInfo("en-US")), await page.Locator("[data-stat='tenants']").InnerTextAsync());
        Assert.Equal(overview.GetProperty("rotationPending").GetInt32().ToString(CultureInfo.InvariantCulture), await page.Locator("[data-stat='rotation-pending']").InnerTextAsync());
        Assert.Equal(overview.GetProperty("openAlerts").GetInt32().ToString(CultureInfo.InvariantCulture), await page.Locator("[data-stat='open-alerts']").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardSite.Artifacts, "overview.png"), FullPage = true });

        using var anonymous = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        foreach (var path in new[] { "/dashboard/", "/dashboard/app.js", "/dashboard/pages/tenant.js", "/dashboard/style.css", "/shared/", "/shared/app.js" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        }

        // The page names its files relative to its address, so the address without its slash is sent to the one with it.
        using (var bare = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(site.BaseUrl) })
        {
            using var redirect = await bare.GetAsync("/dashboard");
            Assert.Equal((HttpStatusCode.MovedPermanently, "dashboard/"), (redirect.StatusCode, redirect.Headers.Location?.OriginalString));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/dashboard/%2e%2e/appsettings.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/dashboard/nothing.js")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/overview")).StatusCode);
        Assert.Empty(errors);
    }

    private static async Task<IEnumerable<string>> AxeAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(DashboardSite.Artifacts, $"{name}.png"), FullPage = true });
        var json = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))");
        return json.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{name}: {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} at {string.Join(", ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()))}");
    }

    private static async Task FitsAsync(IPage page, string name)
    {
        var (scroll, client) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => document.documentElement.clientWidth"));
        Assert.True(scroll <= client, $"{name}: the page is {scroll} px wide at {client} px");
    }

    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}");
    }
}
