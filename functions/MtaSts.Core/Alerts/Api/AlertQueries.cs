using MtaSts.Core.Admin;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Alerts;

/// <summary>
/// The alerts API: <c>GET /api/alerts?state=open</c> (every tenant's open alerts, a page at a time) and
/// <c>GET /api/tenants/{domain}/alerts</c> (a tenant's alerts, open and resolved, with its recent notices and how
/// each delivery went). Webhook URLs are shown as scheme and host only.
/// </summary>
public sealed class AlertQueries(IAlertStore store, ITenantStore tenants)
{
    public const int MaxHistory = 100;

    public async Task<(AlertListView? View, IReadOnlyList<string> Errors)> ListAsync(string? state, string? pageSizeText, string? continuation, CancellationToken cancellationToken)
    {
        if (state is not (null or AlertState.Open))
        {
            return (null, ["state must be 'open' (resolved alerts are listed per tenant: GET /api/tenants/{domain}/alerts)"]);
        }

        var pageSize = 100;
        if (pageSizeText is not null && (!int.TryParse(pageSizeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 1000))
        {
            return (null, ["pageSize must be a whole number from 1 to 1000"]);
        }

        if (continuation is { Length: > 1024 })
        {
            return (null, ["continuation is not a token this API returned"]);
        }

        try
        {
            var (alerts, next) = await store.ListOpenAsync(pageSize, string.IsNullOrEmpty(continuation) ? null : continuation, cancellationToken).ConfigureAwait(false);
            return (new AlertListView(alerts.Select(AlertView.Of).ToArray(), next), []);
        }
        catch (Exception e) when (e is Azure.RequestFailedException { Status: 400 } or FormatException or ArgumentException or InvalidOperationException)
        {
            // The Table SDK decodes the token before sending it: a made-up one fails there or at the service.
            return (null, ["continuation is not a token this API returned"]);
        }
    }

    public async Task<(TenantAlertsView? View, AdminOutcome Outcome, IReadOnlyList<string> Errors)> ForTenantAsync(string domainInput, CancellationToken cancellationToken)
    {
        if (!TenantAdmin.TryReadDomain(domainInput, out var domain, out var error))
        {
            return (null, AdminOutcome.Invalid, [error]);
        }

        if (await tenants.GetAsync(domain, cancellationToken).ConfigureAwait(false) is null)
        {
            return (null, AdminOutcome.NotFound, [$"no tenant '{domain}'"]);
        }

        var alerts = await store.ListAsync(domain, cancellationToken).ConfigureAwait(false);
        var history = await store.HistoryAsync(domain, MaxHistory, cancellationToken).ConfigureAwait(false);
        return (new TenantAlertsView(domain, alerts.Select(AlertView.Of).ToArray(), history.Select(NoticeView.Of).ToArray()), AdminOutcome.Found, []);
    }
}
