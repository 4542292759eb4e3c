using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>Stored reports for planner and store tests.</summary>
public static class StoredReports
{
    public static readonly DateOnly Day = new(2026, 11, 28);

    public static StoredReport Report(
        string provenance = Provenance.Https,
        string content = "c1",
        string org = "Google Inc.",
        string id = "id-1",
        long successful = 10,
        long failed = 0,
        string? signer = null,
        params FailureCount[] failures) =>
        new(
            "victim.example",
            Day,
            ReportKey.For(org, id),
            org,
            id,
            new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 28, 23, 59, 59, TimeSpan.Zero),
            null,
            new ReportContribution(successful, failed, failures),
            provenance == Provenance.Https ? "https" : "email",
            "blob",
            default,
            provenance,
            signer ?? (provenance is Provenance.EmailAligned or Provenance.EmailPass ? "google.com" : null),
            null,
            (content + new string('0', 64))[..64]);
}
