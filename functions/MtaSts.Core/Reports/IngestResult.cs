namespace MtaSts.Core.Reports;

/// <summary>What ingesting one input did: reports stored, reports already stored (replays), and the tenant domains touched.</summary>
public sealed record IngestResult(int Stored, int Duplicates, IReadOnlyList<string> Domains, IReadOnlyList<string> UnknownDomains);
