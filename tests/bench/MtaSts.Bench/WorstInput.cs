using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Options;
using MtaSts.Core.Reports;

namespace MtaSts.Bench;

/// <summary>
/// The worst input intake accepts, parsed with the service's default limits in this process, and the process's peak
/// resident memory (VmHWM) before and after: an e-mail just under <c>Reports:MaxCompressedBytes</c> with
/// <see cref="ReportInputParser.MaxReportParts"/> gzip parts that together expand to exactly
/// <c>Reports:MaxDecompressedBytes</c>, each a report with the most failure details allowed.
/// </summary>
public static class WorstInput
{
    public static async Task<int> RunAsync()
    {
        var settings = new ReportOptions { Dkim = DkimMode.Off };
        var options = Options.Create(settings);
        var parser = new ReportInputParser(options, new DkimChecker(options));
        var perPart = settings.MaxDecompressedBytes / ReportInputParser.MaxReportParts;
        var part = Encoding.UTF8.GetBytes(Report(perPart));
        var gzip = Gzip(part);
        var mail = Mail(Enumerable.Repeat(gzip, ReportInputParser.MaxReportParts));
        var before = Status("VmHWM");
        var watch = Stopwatch.StartNew();
        var source = await parser.ParseAsync(mail, "worst.eml", default);
        watch.Stop();
        var peak = Status("VmHWM");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"WORST-INPUT e-mail {mail.Length / 1024} KiB, {ReportInputParser.MaxReportParts} gzip parts of {gzip.Length / 1024} KiB expanding to {part.Length * ReportInputParser.MaxReportParts / (1024 * 1024)} MiB in all, {source.Reports.Sum(r => r.Policies.Sum(p => p.FailureDetails.Count))} failure details: parsed in {watch.ElapsedMilliseconds} ms; peak RSS {before / 1024} MB before, {peak / 1024} MB after"));
        return 0;
    }

    /// <summary>A report with <see cref="TlsReportJsonParser.MaxFailureDetails"/> failure details, padded to <paramref name="size"/> bytes.</summary>
    private static string Report(int size)
    {
        var details = string.Join(",", Enumerable.Range(0, TlsReportJsonParser.MaxFailureDetails).Select(i =>
            $$"""{"result-type":"certificate-expired","sending-mta-ip":"192.0.2.{{i % 250}}","receiving-mx-hostname":"mx{{i}}.victim.example","failed-session-count":1}"""));
        var json = $$"""{"organization-name":"Org","date-range":{"start-datetime":"2026-11-28T00:00:00Z","end-datetime":"2026-11-28T23:59:59Z"},"report-id":"worst","policies":[{"policy":{"policy-type":"sts","policy-domain":"victim.example"},"summary":{"total-successful-session-count":1,"total-failure-session-count":{{TlsReportJsonParser.MaxFailureDetails}}},"failure-details":[{{details}}]}]}""";
        return json.Length >= size ? json : json.Insert(1, new string(' ', size - json.Length));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Mail(IEnumerable<byte[]> parts)
    {
        var mail = new StringBuilder("From: r@o.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=tlsrpt; boundary=\"b\"\r\n\r\n");
        foreach (var part in parts)
        {
            mail.Append("--b\r\nContent-Type: application/tlsrpt+gzip\r\nContent-Transfer-Encoding: base64\r\n\r\n").Append(Convert.ToBase64String(part, Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(mail.Append("--b--\r\n").ToString());
    }

    private static long Status(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
