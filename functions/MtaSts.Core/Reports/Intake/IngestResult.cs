namespace MtaSts.Core.Reports;

/// <summary>
/// What ingesting one input did: reports stored (counting), replays of stored ones, reports kept apart as conflicts,
/// reports not stored because their tenant's day was full, and the tenant domains touched.
/// </summary>
public sealed record IngestResult(int Stored, int Duplicates, IReadOnlyList<string> Domains, IReadOnlyList<string> UnknownDomains)
{
    public int Conflicts { get; init; }

    public int OverQuota { get; init; }
}
