using System.CommandLine;
using System.Text.Json;
using MtaSts.Core.Checks;

namespace MtaSts.Cli;

/// <summary>
/// <c>mtasts tenant put|get|list|delete|status|readiness|alerts|share</c> against the admin API: <c>--url</c> and <c>--key</c>, or the
/// environment variables <c>MTASTS_URL</c> and <c>MTASTS_KEY</c>. Exit 0 on success, 1 when the API reports a problem
/// (invalid input, unknown tenant, a failing status check), 2 for usage or connection errors.
/// </summary>
public static class TenantCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Option<string?>("--url") { Description = "Base URL of the service (or MTASTS_URL)", Recursive = true };
        var key = new Option<string?>("--key") { Description = "Function key (or MTASTS_KEY)", Recursive = true };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON answer", Recursive = true };
        var domain = new Argument<string>("DOMAIN") { Description = "The tenant's mail domain" };

        var mode = new Option<string>("--mode") { Description = "enforce, testing or none", Required = true };
        var mx = new Option<string[]>("--mx") { Description = "An MX host or *.domain pattern; repeat for each", AllowMultipleArgumentsPerToken = true };
        var maxAge = new Option<long?>("--max-age") { Description = "max_age in seconds (default 604800)" };
        var autoPromote = new Option<bool?>("--auto-promote") { Description = "Switch to enforce by itself once ready (true/false; left as it is when not given)" };
        var mxSync = new Option<string?>("--mx-sync") { Description = "auto: the MX watcher keeps the mx list covering the live MX hosts; off (left as it is when not given)" };
        var put = new Command("put", "Create a tenant or change its policy") { domain, mode, mx, maxAge, autoPromote, mxSync };
        put.SetAction((r, ct) =>
        {
            var body = new Dictionary<string, object?> { ["mode"] = r.GetValue(mode), ["mx"] = r.GetValue(mx) ?? [], ["maxAge"] = r.GetValue(maxAge) };
            if (r.GetValue(autoPromote) is { } promote)
            {
                body["autoPromote"] = promote;
            }

            if (r.GetValue(mxSync) is { } sync)
            {
                body["mxSync"] = sync;
            }

            return RunAsync(r, url, key, json, output, error, HttpMethod.Put, $"api/tenants/{Uri.EscapeDataString(r.GetValue(domain)!)}", body, ct);
        });

        var get = new Command("get", "Show a tenant: policy, state and the DNS records to create") { domain };
        get.SetAction((r, ct) => RunAsync(r, url, key, json, output, error, HttpMethod.Get, $"api/tenants/{Uri.EscapeDataString(r.GetValue(domain)!)}", null, ct));

        var pageSize = new Option<int?>("--page-size") { Description = "Tenants per page (1-1000)" };
        var continuation = new Option<string?>("--continuation") { Description = "The continuation of the previous page" };
        var list = new Command("list", "List tenants a page at a time") { pageSize, continuation };
        list.SetAction((r, ct) =>
        {
            var query = new List<string>();
            if (r.GetValue(pageSize) is { } size)
            {
                query.Add($"pageSize={size}");
            }

            if (r.GetValue(continuation) is { } token)
            {
                query.Add("continuation=" + Uri.EscapeDataString(token));
            }

            return RunAsync(r, url, key, json, output, error, HttpMethod.Get, "api/tenants" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty), null, ct);
        });

        var delete = new Command("delete", "Offboard a tenant (mode none first when it was published)") { domain };
        delete.SetAction((r, ct) => RunAsync(r, url, key, json, output, error, HttpMethod.Delete, $"api/tenants/{Uri.EscapeDataString(r.GetValue(domain)!)}", null, ct));

        var status = new Command("status", "Check a tenant end to end, server-side") { domain };
        status.SetAction((r, ct) => RunAsync(r, url, key, json, output, error, HttpMethod.Get, $"api/tenants/{Uri.EscapeDataString(r.GetValue(domain)!)}/status", null, ct, printStatus: true));

        var readiness = new Command("readiness", "Whether enforce is safe: the verdict (ready, not-yet, blocked) and each criterion") { domain };
        readiness.SetAction((r, ct) => RunAsync(r, url, key, json, output, error, HttpMethod.Get, $"api/tenants/{Uri.EscapeDataString(r.GetValue(domain)!)}/readiness", null, ct));

        var alerts = new Command("alerts", "The tenant's alerts, open and resolved, and its recent notices") { domain };
        alerts.SetAction((r, ct) => RunAsync(r, url, key, json, output, error, HttpMethod.Get, $"api/tenants/{Uri.EscapeDataString(r.GetValue(domain)!)}/alerts", null, ct));

        var days = new Option<int>("--days") { Description = "How many days the link works (1 to Dashboard:MaxShareDays, 30 by default)", DefaultValueFactory = _ => 7 };
        var share = new Command("share", "A read-only link to the tenant's dashboard page, for the domain owner") { domain, days };
        share.SetAction((r, ct) => RunAsync(r, url, key, json, output, error, HttpMethod.Post, $"api/tenants/{Uri.EscapeDataString(r.GetValue(domain)!)}/share", new Dictionary<string, object?> { ["days"] = r.GetValue(days) }, ct));

        return new Command("tenant", "Manage tenants through the admin API") { url, key, json, put, get, list, delete, status, readiness, alerts, share };
    }

    private static async Task<int> RunAsync(
        ParseResult result, Option<string?> urlOption, Option<string?> keyOption, Option<bool> jsonOption, TextWriter output, TextWriter error,
        HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool printStatus = false)
    {
        var url = result.GetValue(urlOption) ?? Environment.GetEnvironmentVariable("MTASTS_URL");
        var key = result.GetValue(keyOption) ?? Environment.GetEnvironmentVariable("MTASTS_KEY");
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl) || string.IsNullOrWhiteSpace(key))
        {
            await error.WriteLineAsync("mtasts: give the service with --url (or MTASTS_URL) and the function key with --key (or MTASTS_KEY)").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        using var client = new AdminApiClient(baseUrl, key);
        int status;
        JsonElement? answer;
        try
        {
            (status, answer) = await client.SendAsync(method, path, body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"mtasts: {baseUrl} could not be reached: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        if (status is >= 200 and < 300)
        {
            if (printStatus && !result.GetValue(jsonOption) && answer is { } view)
            {
                var checks = view.GetProperty("checks").Deserialize<CheckResult[]>(CliJson.Options)!;
                await CheckTable.WriteAsync(output, view.GetProperty("domain").GetString()!, checks).ConfigureAwait(false);
                return checks.Any(c => c.Status == CheckStatus.Fail) ? ExitCodes.Problems : ExitCodes.Ok;
            }

            await output.WriteLineAsync(answer is { } json ? JsonSerializer.Serialize(json, CliJson.Options) : $"{status}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var problems = answer is { } problem && problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("errors", out var errors)
            ? string.Join("; ", errors.EnumerateArray().Select(e => e.GetString()))
            : answer?.ToString() ?? string.Empty;
        await error.WriteLineAsync($"mtasts: HTTP {status}: {problems}").ConfigureAwait(false);
        return status is >= 400 and < 500 and not 401 and not 403 ? ExitCodes.Problems : ExitCodes.Error;
    }
}
