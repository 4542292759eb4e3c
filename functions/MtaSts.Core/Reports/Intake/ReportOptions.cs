using System.Net;

namespace MtaSts.Core.Reports;

/// <summary>Settings under <c>Reports</c>.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary><c>Reports:MaxCompressedBytes</c> (default 1 MiB): the largest report body or e-mail accepted.</summary>
    public int MaxCompressedBytes { get; set; } = 1024 * 1024;

    /// <summary><c>Reports:MaxDecompressedBytes</c> (default 20 MiB): the largest JSON a gzip body may expand to.</summary>
    public int MaxDecompressedBytes { get; set; } = 20 * 1024 * 1024;

    public DkimMode Dkim { get; set; } = DkimMode.Record;

    /// <summary><c>Reports:DkimDnsServer</c>: IP[:port] of the resolver for DKIM key lookups; empty for the system's.</summary>
    public string? DkimDnsServer { get; set; }

    /// <summary>
    /// <c>Reports:Evidence</c>: the provenance classes whose reports count in summaries and readiness, comma-separated
    /// (default <c>email-dkim-aligned,https</c>); the others are still stored and shown by provenance.
    /// </summary>
    public string Evidence { get; set; } = Provenance.DefaultEvidence;

    /// <summary><c>Reports:MaxReportsPerTenantDay</c> (default 1000): reports stored per tenant and report day; beyond it, refused with reason <c>quota</c>.</summary>
    public int MaxReportsPerTenantDay { get; set; } = 1000;

    /// <summary>
    /// <c>Reports:MaxReportsPerSignerDay</c> (default 50): of a tenant day's aligned reports, how many one signing
    /// organization may send (a big sender sends one or a few per tenant and day); beyond it, refused with reason <c>quota</c>.
    /// </summary>
    public int MaxReportsPerSignerDay { get; set; } = 50;

    /// <summary>
    /// <c>Reports:MaxReportAgeDays</c> (default 400): a report whose date range starts longer ago than this (or more
    /// than two days ahead) is refused, so no one can fill days nobody looks at; summaries span at most 366 days.
    /// </summary>
    public int MaxReportAgeDays { get; set; } = 400;

    /// <summary><c>Reports:SweepAfterMinutes</c> (default 15): inbox blobs older than this are ingested by the sweep (their event was lost or failed).</summary>
    public int SweepAfterMinutes { get; set; } = 15;

    /// <summary><c>Reports:SweepBatchSize</c> (default 200): inbox blobs the sweep handles per run.</summary>
    public int SweepBatchSize { get; set; } = 200;

    /// <summary>
    /// <c>Reports:SweepRunSeconds</c> (default 240): a sweep run starts no blob after this long, so it ends within the
    /// function timeout (5 minutes by default on Consumption) and the next run carries on.
    /// </summary>
    public int SweepRunSeconds { get; set; } = 240;

    /// <summary><c>Reports:SweepParallelism</c> (default 4): inbox blobs a sweep run ingests at once.</summary>
    public int SweepParallelism { get; set; } = 4;

    /// <summary>
    /// <c>Reports:DkimDeadlineSeconds</c> (default 20): the time all DKIM key lookups of one message may take together;
    /// past it the verdict is <c>temperror</c>, so a message with many signatures on slow DNS cannot hold an ingest.
    /// </summary>
    public int DkimDeadlineSeconds { get; set; } = 20;

    /// <summary><c>Reports:TempErrorRetryHours</c> (default 24): how long a report whose DKIM key lookup failed temporarily is retried before it is stored as <c>email-dkim-temperror</c>.</summary>
    public int TempErrorRetryHours { get; set; } = 24;

    /// <summary>The classes of <see cref="Evidence"/>.</summary>
    public IReadOnlySet<string> EvidenceClasses =>
        Evidence.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    public IEnumerable<string> Validate()
    {
        if (MaxCompressedBytes is < 1024 or > 100 * 1024 * 1024)
        {
            yield return $"Reports:MaxCompressedBytes must be between 1024 and 104857600 (it is {MaxCompressedBytes})";
        }

        if (MaxDecompressedBytes < MaxCompressedBytes || MaxDecompressedBytes > 500 * 1024 * 1024)
        {
            yield return $"Reports:MaxDecompressedBytes must be at least Reports:MaxCompressedBytes and at most 524288000 (it is {MaxDecompressedBytes})";
        }

        if (!string.IsNullOrWhiteSpace(DkimDnsServer) && !IPEndPoint.TryParse(DkimDnsServer, out _))
        {
            yield return $"Reports:DkimDnsServer must be an IP address with an optional port (it is '{DkimDnsServer}')";
        }

        var unknown = EvidenceClasses.Where(c => !Provenance.All.Contains(c) && c != Provenance.Unknown).ToArray();
        if (unknown.Length > 0 || EvidenceClasses.Count == 0)
        {
            yield return $"Reports:Evidence must list provenance classes from {string.Join(", ", Provenance.All)}, {Provenance.Unknown} (it is '{Evidence}')";
        }

        if (MaxReportsPerTenantDay is < 1 or > 100_000)
        {
            yield return $"Reports:MaxReportsPerTenantDay must be between 1 and 100000 (it is {MaxReportsPerTenantDay})";
        }

        if (MaxReportsPerSignerDay < 1 || MaxReportsPerSignerDay > MaxReportsPerTenantDay)
        {
            yield return $"Reports:MaxReportsPerSignerDay must be between 1 and Reports:MaxReportsPerTenantDay (it is {MaxReportsPerSignerDay})";
        }

        if (MaxReportAgeDays is < 1 or > 36500)
        {
            yield return $"Reports:MaxReportAgeDays must be between 1 and 36500 (it is {MaxReportAgeDays})";
        }

        if (SweepAfterMinutes is < 1 or > 10080)
        {
            yield return $"Reports:SweepAfterMinutes must be between 1 and 10080 (it is {SweepAfterMinutes})";
        }

        if (SweepBatchSize is < 1 or > 5000)
        {
            yield return $"Reports:SweepBatchSize must be between 1 and 5000 (it is {SweepBatchSize})";
        }

        if (SweepRunSeconds is < 10 or > 3600)
        {
            yield return $"Reports:SweepRunSeconds must be between 10 and 3600 (it is {SweepRunSeconds})";
        }

        if (SweepParallelism is < 1 or > 32)
        {
            yield return $"Reports:SweepParallelism must be between 1 and 32 (it is {SweepParallelism})";
        }

        if (DkimDeadlineSeconds is < 1 or > 300)
        {
            yield return $"Reports:DkimDeadlineSeconds must be between 1 and 300 (it is {DkimDeadlineSeconds})";
        }

        if (TempErrorRetryHours is < 0 or > 168)
        {
            yield return $"Reports:TempErrorRetryHours must be between 0 and 168 (it is {TempErrorRetryHours})";
        }
    }
}
