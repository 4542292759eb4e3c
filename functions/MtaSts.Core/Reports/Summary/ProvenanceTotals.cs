namespace MtaSts.Core.Reports;

/// <summary>Reports and their sessions for one provenance class (or the conflicts) over a range or a day.</summary>
public sealed record ProvenanceTotals(int Reports, long Successful, long Failed)
{
    /// <summary>Of those sessions, the ones under an <c>sts</c> policy: what readiness counts as evidence (zero for rows stored before it was counted).</summary>
    public long Sts { get; init; }
}
