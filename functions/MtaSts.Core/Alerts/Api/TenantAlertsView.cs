namespace MtaSts.Core.Alerts;

/// <summary><c>GET /api/tenants/{domain}/alerts</c>: the tenant's alerts and its recent notices, newest first.</summary>
public sealed record TenantAlertsView(string Domain, IReadOnlyList<AlertView> Alerts, IReadOnlyList<NoticeView> Notices);
