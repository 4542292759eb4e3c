namespace MtaSts.Core.Reports;

/// <summary>Sessions reported successful and failed.</summary>
public sealed record SessionTotals(long Successful, long Failed);
