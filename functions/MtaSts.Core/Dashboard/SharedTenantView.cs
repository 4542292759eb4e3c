using MtaSts.Core.Admin;
using MtaSts.Core.Alerts;
using MtaSts.Core.Checks;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Dashboard;

/// <summary>
/// What a share link shows: the same views the admin API gives for one tenant (so the shared page's numbers are the
/// API's), without anything about the operator (webhook receivers, delivery history).
/// </summary>
public sealed record SharedTenantView(
    string Domain,
    DateTimeOffset ExpiresAt,
    TenantView Tenant,
    TenantStatusView? Status,
    ReportSummaryView? Reports,
    ReadinessView? Readiness,
    IReadOnlyList<AlertView> Alerts);
