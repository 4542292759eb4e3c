namespace MtaSts.Core.Reports;

/// <summary>What <see cref="TlsRptRecordParser"/> concluded: a record, none at all, or why the one found is unusable.</summary>
public sealed record TlsRptRecordResult(TlsRptRecord? Record, bool Found, string? Error)
{
    public bool IsValid => Record is not null;
}
