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
/// readiness and its alerts, each as the admin API gives it.
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
    /// <summary>The tenant's page data, or null when the link does not open it (the caller answers 403 and says no more).</summary>
    public async Task<SharedTenantView?> GetAsync(string? domain, string? token, CancellationToken cancellationToken)
    {
        if (await links.CheckAsync(domain, token, cancellationToken).ConfigureAwait(false) is not { } shared)
        {
            return null;
        }

        var name = shared.Tenant.Domain;
        var tenant = await admin.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (tenant.Tenant is null)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - options.Value.ReportDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var checks = await status.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var summary = await reports.GetAsync(name, from, to, cancellationToken).ConfigureAwait(false);
        var verdict = await readiness.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var open = await alerts.ForTenantAsync(name, cancellationToken).ConfigureAwait(false);
        return new SharedTenantView(
            name,
            shared.ExpiresAt,
            tenant.Tenant with { AlertWebhooks = null },
            checks.Status,
            summary.Summary,
            verdict.View,
            open.View?.Alerts ?? []);
    }
}
