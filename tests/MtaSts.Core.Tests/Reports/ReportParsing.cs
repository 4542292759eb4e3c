using Microsoft.Extensions.Options;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>A report parser without network access (DKIM off unless asked).</summary>
public static class ReportParsing
{
    public static ReportInputParser Parser(DkimMode dkim = DkimMode.Off, int maxCompressed = 1024 * 1024, int maxDecompressed = 20 * 1024 * 1024, string? dnsServer = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new ReportOptions { Dkim = dkim, MaxCompressedBytes = maxCompressed, MaxDecompressedBytes = maxDecompressed, DkimDnsServer = dnsServer });
        return new ReportInputParser(options, new DkimChecker(options));
    }

    /// <summary>Ingest settings for corpus files: DKIM off, reports of any age (the corpus holds reports from 2016 on).</summary>
    public static IOptions<ReportOptions> Options(DkimMode dkim = DkimMode.Off) =>
        Microsoft.Extensions.Options.Options.Create(new ReportOptions { Dkim = dkim, MaxReportAgeDays = 36500 });

    public static Task<ReportSource> ParseFileAsync(string relativePath) =>
        Parser().ParseAsync(File.ReadAllBytes(Path.Combine(Conformance.ConformanceCorpus.Directory, relativePath)), Path.GetFileName(relativePath), default);
}
