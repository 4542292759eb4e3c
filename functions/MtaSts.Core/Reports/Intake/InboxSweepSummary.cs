namespace MtaSts.Core.Reports;

/// <summary>What one sweep of the inbox found and did.</summary>
public sealed record InboxSweepSummary(int Due, int Handled, int Failed);
