namespace MtaSts.Core.Readiness;

/// <summary>What one daily evaluation run did: tenants evaluated, ready, promoted, failed.</summary>
public sealed record EvaluationSummary(int Evaluated, int Ready, int Promoted, int Failed);
