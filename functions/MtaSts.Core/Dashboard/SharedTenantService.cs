using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Alerts;
using MtaSts.Core.Checks;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Dashboard;

/// <summary>
/// <c>GET /api/shared/{domain}</c>: one tenant's read-only page data for the holder of a valid share link
/// (<see cref="ShareLinks"/>): the tenant, its status checks, the last <c>Dashboard:ReportDays</c> of reports, its
/// readiness and its alerts, read in parallel. Our own error texts (a rotation's or a custom domain's last error,
/// which can carry Azure resource names) are replaced wherever they appear. The page data of a domain is kept
/// <see cref="CacheSeconds"/> seconds, so a link opened by many, or reloaded in a loop, does not run the live checks
/// each time (the link itself is checked on every read).
/// </summary>
public sealed class SharedTenantService(
    ShareLinks links,
    TenantAdmin admin,
    TenantStatusService status,
    ReportSummaryService reports,
    ReadinessService readiness,
    AlertQueries alerts,
    IOptions<DashboardOptions> options,
    TimeProvider time)
{
    public const int CacheSeconds = 60;

    /// <summary>Put in place of our own error texts.</summary>
    public const string Withheld = "(details withheld: the operator has them)";

    private const int MaxCached = 1000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, SharedTenantView View)> cache = new(StringComparer.Ordinal);

    /// <summary>The tenant's page data, or null when the link does not open it (the caller answers 403 and says no more).</summary>
    public async Task<SharedTenantView?> GetAsync(string? domain, string? token, CancellationToken cancellationToken)
    {
        if (await links.CheckAsync(domain, token, cancellationToken).ConfigureAwait(false) is not { } shared)
        {
            return null;
        }

        var name = shared.Tenant.Domain;
        var now = time.GetUtcNow();
        if (cache.TryGetValue(name, out var kept) && now - kept.At < TimeSpan.FromSeconds(CacheSeconds) && now >= kept.At)
        {
            return kept.View with { ExpiresAt = shared.ExpiresAt };
        }

        var view = await ReadAsync(name, shared.ExpiresAt, cancellationToken).ConfigureAwait(false);
        if (view is not null)
        {
            if (cache.Count >= MaxCached)
            {
                cache.Clear();
            }

            cache[name] = (now, view);
        }

        return view;
    }

    private async Task<SharedTenantView?> ReadAsync(string name, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - options.Value.ReportDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tenantTask = admin.GetAsync(name, cancellationToken);
        var checksTask = status.GetAsync(name, cancellationToken);
        var summaryTask = reports.GetAsync(name, from, to, cancellationToken);
        var verdictTask = readiness.GetAsync(name, cancellationToken);
        var alertsTask = alerts.ForTenantAsync(name, cancellationToken);
        await Task.WhenAll(tenantTask, checksTask, summaryTask, verdictTask, alertsTask).ConfigureAwait(false);
        if ((await tenantTask.ConfigureAwait(false)).Tenant is not { } tenant)
        {
            return null;
        }

        var failedState = tenant.CustomDomain?.State is { } words && words.StartsWith("failed: ", StringComparison.Ordinal) ? words["failed: ".Length..] : null;
        var secrets = new[] { tenant.LastError, tenant.CustomDomain?.LastError, failedState }
            .Where(s => !string.IsNullOrWhiteSpace(s) && s!.Length >= 8)
            .Select(s => s!).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
        string Scrub(string text) => secrets.Aggregate(text, (t, secret) => t.Replace(secret, Withheld, StringComparison.Ordinal));
        string? ScrubNull(string? text) => text is null ? null : Scrub(text);

        var checks = (await checksTask.ConfigureAwait(false)).Status;
        var verdict = (await verdictTask.ConfigureAwait(false)).View;
        var policy = new SharedPolicyView(
            tenant.Domain,
            tenant.Mode,
            tenant.Mx,
            tenant.MaxAge,
            tenant.Policy,
            tenant.State,
            tenant.PublishedId,
            tenant.RotationDueAt,
            tenant.Records,
            tenant.CustomDomain is { } domain
                ? new SharedCustomDomainView(domain.State.StartsWith("failed", StringComparison.Ordinal) ? "failed" : domain.State, domain.HostName, domain.CertificateExpiresAt, domain.CustomerActions)
                : null);
        return new SharedTenantView(
            tenant.Domain,
            expiresAt,
            policy,
            checks is null ? null : checks with { Checks = [.. checks.Checks.Select(c => c with { Detail = Scrub(c.Detail), Fix = ScrubNull(c.Fix) })] },
            (await summaryTask.ConfigureAwait(false)).Summary,
            verdict is null ? null : verdict with { Criteria = [.. verdict.Criteria.Select(c => c with { Evidence = Scrub(c.Evidence), Action = ScrubNull(c.Action) })] },
            [.. ((await alertsTask.ConfigureAwait(false)).View?.Alerts ?? []).Select(a => a with { Text = Scrub(a.Text) })]);
    }
}
