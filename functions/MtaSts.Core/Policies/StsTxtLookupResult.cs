namespace MtaSts.Core.Policies;

/// <summary>The verdict of <see cref="StsTxtRecordParser"/>, with the reason when it is not valid.</summary>
public sealed record StsTxtLookupResult(StsTxtLookupStatus Status, StsTxtRecord? Record, string? Error)
{
    public bool IsValid => Status == StsTxtLookupStatus.Valid;
}
