using MtaSts.Core.Alerts;

namespace MtaSts.Core.Dashboard;

/// <summary>
/// The dashboard's overview: tenants in all, by mode and by state; rotation health (how many wait for their id, how
/// many are failing, and the failing ones named); open alerts by condition and the most recent of them.
/// <see cref="Truncated"/> says the counts stopped at <see cref="OverviewService.MaxTenants"/> tenants or
/// <see cref="OverviewService.MaxAlerts"/> alerts.
/// </summary>
public sealed record OverviewView(
    int Tenants,
    IReadOnlyDictionary<string, int> ByMode,
    IReadOnlyDictionary<string, int> ByState,
    int RotationPending,
    int RotationFailing,
    IReadOnlyList<string> FailingTenants,
    int OpenAlerts,
    IReadOnlyDictionary<string, int> OpenAlertsByCondition,
    IReadOnlyList<AlertView> RecentAlerts,
    bool Truncated);
