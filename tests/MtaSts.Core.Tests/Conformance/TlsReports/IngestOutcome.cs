using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>What ingesting an input for a set of tenants did: the result or the refusal, and the reports stored.</summary>
public sealed record IngestOutcome(IngestResult? Result, ReportRefusedException? Refusal, IReadOnlyList<StoredReport> Stored)
{
    public IngestResult Accepted => Result ?? throw new Xunit.Sdk.XunitException($"ingestion refused the input ({Refusal!.Code}): {Refusal.Message}");
}
