using MtaSts.Core.Admin;
using MtaSts.Core.Alerts;
using MtaSts.Core.Mx;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Dashboard;

/// <summary>
/// <c>GET /api/dashboard/tenants?search=&amp;pageSize=&amp;continuation=</c>: a page of <see cref="TenantAdmin.ListAsync(string?, string?, string?, CancellationToken)"/>
/// with, per tenant, its open alerts, stored readiness verdict and last report day: three partition reads each, at most
/// <see cref="Parallelism"/> tenants at a time.
/// </summary>
public sealed class DashboardTenants(TenantAdmin admin, IAlertStore alerts, IWatchStore watch, ITlsReportStore reports, TimeProvider time)
{
    /// <summary>How far back the last report is looked for.</summary>
    public const int LastReportDays = 30;

    private const int Parallelism = 8;

    public async Task<(TenantRowPage? Page, IReadOnlyList<string> Errors)> ListAsync(string? search, string? pageSizeText, string? continuation, CancellationToken cancellationToken)
    {
        var (page, errors) = await admin.ListAsync(pageSizeText, continuation, search, cancellationToken).ConfigureAwait(false);
        if (page is null)
        {
            return (null, errors);
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var rows = new TenantRow[page.Tenants.Count];
        await Parallel.ForAsync(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var tenant = page.Tenants[i];
            var open = (await alerts.ListAsync(tenant.Domain, token).ConfigureAwait(false)).Count(a => a.IsOpen);
            var readiness = await watch.GetReadinessAsync(tenant.Domain, token).ConfigureAwait(false);
            var days = await reports.GetDaysAsync(tenant.Domain, today.AddDays(1 - LastReportDays), today, token).ConfigureAwait(false);
            var last = days.Where(d => d.Received > 0).Select(d => (DateOnly?)d.Day).Max();
            rows[i] = new TenantRow(
                tenant.Domain,
                tenant.Mode,
                tenant.State,
                Rotation(tenant),
                tenant.FailedAttempts,
                tenant.LastError,
                tenant.CustomDomain?.ValidationState,
                tenant.CustomDomain?.CertificateExpiresAt,
                readiness?.LastVerdict,
                open,
                last);
        }).ConfigureAwait(false);
        return (new TenantRowPage(rows, page.Continuation), []);
    }

    /// <summary><c>failing</c> after a failed rotation attempt, <c>pending</c> while the id waits, else <c>ok</c>.</summary>
    public static string Rotation(TenantView tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return tenant.FailedAttempts > 0 ? "failing" : tenant.State == "pending-rotation" ? "pending" : "ok";
    }
}
