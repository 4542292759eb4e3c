using MtaSts.Core.Admin;
using MtaSts.Core.Alerts;

namespace MtaSts.Core.Dashboard;

/// <summary>
/// <c>GET /api/overview</c>: reads every tenant (a page of <see cref="PageSize"/> at a time, up to
/// <see cref="MaxTenants"/>) and every open alert (up to <see cref="MaxAlerts"/>) into an <see cref="OverviewView"/>.
/// </summary>
public sealed class OverviewService(TenantAdmin admin, IAlertStore alerts)
{
    public const int MaxTenants = 20_000;

    public const int MaxAlerts = 5_000;

    private const int PageSize = 1000;

    private const int Named = 20;

    public async Task<OverviewView> GetAsync(CancellationToken cancellationToken)
    {
        var byMode = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byState = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failing = new List<string>();
        int tenants = 0, pending = 0, failingCount = 0;
        var truncated = false;
        string? continuation = null;
        do
        {
            var (page, _) = await admin.ListAsync(PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), continuation, cancellationToken).ConfigureAwait(false);
            if (page is null)
            {
                truncated = true; // a continuation the store no longer takes: the counts so far, said to be partial
                break;
            }

            foreach (var tenant in page.Tenants)
            {
                tenants++;
                byMode[tenant.Mode] = byMode.GetValueOrDefault(tenant.Mode) + 1;
                byState[tenant.State] = byState.GetValueOrDefault(tenant.State) + 1;
                switch (DashboardTenants.Rotation(tenant))
                {
                    case "pending":
                        pending++;
                        break;
                    case "failing":
                        failingCount++;
                        if (failing.Count < Named)
                        {
                            failing.Add(tenant.Domain);
                        }

                        break;
                }
            }

            continuation = page.Continuation;
            truncated = continuation is not null && tenants >= MaxTenants;
        }
        while (continuation is not null && !truncated);

        var open = new List<Alert>();
        string? next = null;
        do
        {
            var (page, token) = await alerts.ListOpenAsync(PageSize, next, cancellationToken).ConfigureAwait(false);
            open.AddRange(page.Where(a => a.IsOpen));
            next = token;
            if (next is not null && open.Count >= MaxAlerts)
            {
                truncated = true;
                break;
            }
        }
        while (next is not null);

        var byCondition = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var alert in open)
        {
            byCondition[alert.Condition] = byCondition.GetValueOrDefault(alert.Condition) + 1;
        }

        return new OverviewView(
            tenants,
            byMode,
            byState,
            pending,
            failingCount,
            failing,
            open.Count,
            byCondition,
            open.OrderByDescending(a => a.UpdatedAt).ThenBy(a => a.Tenant, StringComparer.Ordinal).Take(Named).Select(AlertView.Of).ToArray(),
            truncated);
    }
}
