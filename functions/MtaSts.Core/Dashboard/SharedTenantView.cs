using MtaSts.Core.Alerts;
using MtaSts.Core.Checks;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Dashboard;

/// <summary>
/// What a share link shows: the admin API's status, report, readiness and alert views of one tenant (so the shared
/// page's numbers are the API's) and <see cref="SharedPolicyView"/>, without anything about the operator: no webhook
/// receivers or deliveries, no automation settings, and our own error texts (which can name Azure resources) withheld.
/// </summary>
public sealed record SharedTenantView(
    string Domain,
    DateTimeOffset ExpiresAt,
    SharedPolicyView Tenant,
    TenantStatusView? Status,
    ReportSummaryView? Reports,
    ReadinessView? Readiness,
    IReadOnlyList<AlertView> Alerts);
