namespace MtaSts.Core.Reports;

/// <summary>Reports and their sessions for one provenance class (or the conflicts) over a range or a day.</summary>
public sealed record ProvenanceTotals(int Reports, long Successful, long Failed);
