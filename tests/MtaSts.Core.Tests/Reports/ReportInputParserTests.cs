using System.IO.Compression;
using System.Text;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Reports;

public sealed class ReportInputParserTests
{
    private const string Report = """
        {"organization-name":"Org","date-range":{"start-datetime":"2026-11-28T00:00:00Z","end-datetime":"2026-11-28T23:59:59Z"},
         "contact-info":"tls@org.example","report-id":"r1",
         "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1"],"policy-domain":"Example.COM","mx-host":"mx.example.com"},
                      "summary":{"total-successful-session-count":10,"total-failure-session-count":2},
                      "failure-details":[{"result-type":"certificate-expired","receiving-mx-hostname":"mx.example.com","failed-session-count":2,"x-extra":true}]}],
         "x-vendor":{"a":1}}
        """;

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static Task<ReportSource> ParseAsync(byte[] input, string? name = null, int maxDecompressed = 20 * 1024 * 1024) =>
        ReportParsing.Parser(maxDecompressed: maxDecompressed).ParseAsync(input, name, default);

    /// <summary>
    /// A report sent with a UTF-8 byte order mark (some Windows tooling writes one) was refused as "not JSON": the
    /// check compared with <c>"\xEF\xBB\xBF"u8</c>, which is six bytes (U+00EF U+00BB U+00BF in UTF-8), never the
    /// mark. Found by mutation testing (the mutant that skipped the check survived).
    /// </summary>
    [Fact]
    public async Task A_report_with_a_byte_order_mark_is_read_as_json_and_gzip()
    {
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Report)];

        var json = await ParseAsync(withBom);
        var gzip = await ParseAsync(Gzip(withBom));

        Assert.Equal("Org", Assert.Single(json.Reports).OrganizationName);
        Assert.Equal("Org", Assert.Single(gzip.Reports).OrganizationName);
    }

    [Fact]
    public async Task Json_and_gzip_are_recognised_by_content_and_normalised()
    {
        var json = await ParseAsync(Encoding.UTF8.GetBytes(Report));
        var gzip = await ParseAsync(Gzip(Encoding.UTF8.GetBytes(Report)));

        Assert.Equal(("json", "gzip"), (json.Format, gzip.Format));
        var policy = gzip.Reports.Single().Policies.Single();
        Assert.Equal("example.com", policy.PolicyDomain);
        Assert.Equal(["mx.example.com"], policy.MxHosts);
        Assert.True(policy.FailureDetails.Single().Extensions.ContainsKey("x-extra"));
        Assert.True(gzip.Reports.Single().Extensions.ContainsKey("x-vendor"));
        Assert.Contains("\"x-vendor\"", TlsReportJsonWriter.Write(gzip.Reports), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_policy_domain_comes_from_the_RFC_file_name()
    {
        var report = Report.Replace("\"policy-domain\":\"Example.COM\",", string.Empty, StringComparison.Ordinal);

        await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(Encoding.UTF8.GetBytes(report), "report.json"));
        var parsed = await ParseAsync(Encoding.UTF8.GetBytes(report), "google.com!fallback.example!1725321600!1725407999!001.json");
        Assert.Equal("fallback.example", parsed.Reports.Single().Policies.Single().PolicyDomain);
    }

    [Fact]
    public async Task A_missing_policy_domain_comes_from_the_TLS_Report_Domain_header_of_an_email()
    {
        var report = Report.Replace("\"policy-domain\":\"Example.COM\",", string.Empty, StringComparison.Ordinal);
        var message = "From: r@sender.example\r\nTLS-Report-Domain: header.example\r\nTLS-Report-Submitter: sender.example\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=tlsrpt; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nreport\r\n"
            + "--b\r\nContent-Type: application/tlsrpt+json\r\n\r\n" + report + "\r\n--b--\r\n";

        var parsed = await ParseAsync(Encoding.UTF8.GetBytes(message));

        Assert.Equal("header.example", parsed.Reports.Single().Policies.Single().PolicyDomain);
        Assert.Equal(("header.example", "sender.example"), (parsed.ReportDomainHeader, parsed.SubmitterHeader));
    }

    [Fact]
    public async Task Truncated_gzip_is_refused()
    {
        var gzip = Gzip(Encoding.UTF8.GetBytes(Report));

        foreach (var length in new[] { gzip.Length - 1, gzip.Length - 8, gzip.Length / 2, 10 })
        {
            var error = await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(gzip[..length]));
            Assert.Contains("gzip", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_gzip_bomb_is_refused_at_the_limit()
    {
        var bomb = Gzip(new byte[64 * 1024 * 1024]);
        Assert.True(bomb.Length < 1024 * 1024);

        var error = await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(bomb, maxDecompressed: 1024 * 1024));

        Assert.Contains("MaxDecompressedBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_input_is_refused_before_parsing()
    {
        var error = await Assert.ThrowsAsync<ReportRefusedException>(() =>
            ReportParsing.Parser(maxCompressed: 2048).ParseAsync(new byte[2049], null, default));

        Assert.Contains("MaxCompressedBytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"organization-name\": ", "not valid JSON")]
    [InlineData("{}", "date-range")]
    [InlineData("[]", "neither JSON")]
    [InlineData("{\"organization-name\":\"O\",\"date-range\":{\"start-datetime\":\"yesterday\",\"end-datetime\":\"2026-11-28T23:59:59Z\"},\"report-id\":\"r\",\"policies\":[]}", "start-datetime")]
    [InlineData("{\"organization-name\":\"O\",\"date-range\":{\"start-datetime\":\"2026-11-28T00:00:00Z\",\"end-datetime\":\"2026-11-28T23:59:59Z\"},\"report-id\":\"r\",\"policies\":[{\"policy\":{\"policy-type\":\"sts\",\"policy-domain\":\"a.example\"},\"summary\":{\"total-successful-session-count\":-1,\"total-failure-session-count\":0}}]}", "total-successful-session-count")]
    [InlineData("{\"organization-name\":\"O\",\"date-range\":{\"start-datetime\":\"2026-11-28T00:00:00Z\",\"end-datetime\":\"2026-11-28T23:59:59Z\"},\"report-id\":\"r\",\"policies\":[{\"policy\":{\"policy-type\":\"sts\",\"policy-domain\":\"a.example\"},\"summary\":{\"total-successful-session-count\":1,\"total-failure-session-count\":0},\"failure-details\":[{\"failed-session-count\":1}]}]}", "result-type")]
    public async Task Bad_json_is_refused_with_the_reason(string json, string reason)
    {
        var error = await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Type: text/plain\r\n\r\nHello, lunch tomorrow?\r\n", "ordinary e-mail")]
    [InlineData("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b--\r\n", "ordinary e-mail")]
    [InlineData("Content-Type: multipart/report; report-type=feedback-report; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n", "feedback-report")]
    [InlineData("Content-Type: multipart/report; report-type=tlsrpt; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n", "no application/tlsrpt")]
    public async Task Ordinary_mail_is_refused_with_the_reason(string body, string reason)
    {
        var message = Encoding.UTF8.GetBytes("From: a@example.com\r\nTo: b@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n" + body);

        var error = await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(message));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_garbage_is_refused()
    {
        await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync([0x00, 0x01, 0x02, 0xff]));
        await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync([]));
    }

    [Fact]
    public async Task Dkim_Require_refuses_unsigned_mail_and_Record_keeps_the_verdict()
    {
        var path = Path.Combine(Conformance.ConformanceCorpus.Directory, "tlsrpt/stalwart-mail-auth/rpt01.eml");
        var unsigned = await File.ReadAllBytesAsync(path);

        var recorded = await ReportParsing.Parser(DkimMode.Record).ParseAsync(unsigned, null, default);
        Assert.Equal("none", recorded.Dkim!.Result);

        var error = await Assert.ThrowsAsync<ReportRefusedException>(() => ReportParsing.Parser(DkimMode.Require).ParseAsync(unsigned, null, default));
        Assert.Contains("DKIM", error.Message, StringComparison.Ordinal);
    }
}
