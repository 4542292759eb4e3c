namespace MtaSts.Core.Mx;

/// <summary>The live MX hosts of a domain (lower-case A-labels, by preference, without duplicates), or why there are none.</summary>
public sealed record MxLookup(MxLookupStatus Status, IReadOnlyList<string> Hosts, string? Error = null)
{
    public bool Known => Status != MxLookupStatus.Failed;
}
