namespace MtaSts.Core.Reports;

/// <summary>
/// The reports of one tenant on one UTC day: how many, session totals, and failed sessions by result type, by
/// receiving MX and by reporting organization.
/// </summary>
public sealed record DailySummary(
    string Domain,
    DateOnly Day,
    int Reports,
    long Successful,
    long Failed,
    IReadOnlyDictionary<string, long> FailuresByResultType,
    IReadOnlyDictionary<string, long> FailuresByReceivingMx,
    IReadOnlyDictionary<string, long> FailuresByOrganization);
