using Microsoft.Extensions.Options;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>A report parser without network access (DKIM off unless asked).</summary>
public static class ReportParsing
{
    public static ReportInputParser Parser(DkimMode dkim = DkimMode.Off, int maxCompressed = 1024 * 1024, int maxDecompressed = 20 * 1024 * 1024, string? dnsServer = null)
    {
        var options = Options.Create(new ReportOptions { Dkim = dkim, MaxCompressedBytes = maxCompressed, MaxDecompressedBytes = maxDecompressed, DkimDnsServer = dnsServer });
        return new ReportInputParser(options, new DkimChecker(options));
    }

    public static Task<ReportSource> ParseFileAsync(string relativePath) =>
        Parser().ParseAsync(File.ReadAllBytes(Path.Combine(Conformance.ConformanceCorpus.Directory, relativePath)), Path.GetFileName(relativePath), default);
}
