namespace MtaSts.Core.Dns;

/// <summary>What one rotation run did, for logs, metrics and tests.</summary>
public sealed record RotationSummary(int Scanned, int Published, int Waiting, int Failed, int Verified, int Repaired, int Retired);
