namespace MtaSts.Core.Dashboard;

/// <summary>
/// One line of the dashboard's tenant list: the tenant's mode and state, its rotation health (<c>ok</c>,
/// <c>pending</c> while the DNS id does not yet announce the served policy, <c>failing</c> after a failed attempt),
/// its certificate where we manage it, the last readiness verdict the daily evaluation stored, how many alerts are
/// open, and the last day with a report in the last <see cref="DashboardTenants.LastReportDays"/> days.
/// </summary>
public sealed record TenantRow(
    string Domain,
    string Mode,
    string State,
    string Rotation,
    int FailedAttempts,
    string? LastError,
    string? Certificate,
    DateTimeOffset? CertificateExpiresAt,
    string? Readiness,
    int OpenAlerts,
    DateOnly? LastReport);
