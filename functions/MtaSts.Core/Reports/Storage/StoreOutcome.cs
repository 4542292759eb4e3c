namespace MtaSts.Core.Reports;

/// <summary>What storing one report for one tenant did.</summary>
public enum StoreOutcome
{
    /// <summary>Stored, and it counts.</summary>
    Stored,

    /// <summary>The same report (same key, same content) was already stored: a replay, counted once.</summary>
    Duplicate,

    /// <summary>Stored, but kept apart: another report with the same key says something else.</summary>
    Conflict,

    /// <summary>Not stored: the tenant's day has no room left for it (<see cref="ReportQuota"/>).</summary>
    OverQuota,
}
