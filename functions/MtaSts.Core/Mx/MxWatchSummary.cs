namespace MtaSts.Core.Mx;

/// <summary>What one <c>WatchMx</c> run did.</summary>
public sealed record MxWatchSummary(int Checked, int Changed, int Failed, int Uncovered, int Synced);
