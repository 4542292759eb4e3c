namespace MtaSts.Core.Reports;

/// <summary>What one sweep of the inbox found and did; <see cref="Deferred"/> blobs of the batch were left for the next run when its time was up.</summary>
public sealed record InboxSweepSummary(int Due, int Handled, int Failed, int Deferred = 0);
