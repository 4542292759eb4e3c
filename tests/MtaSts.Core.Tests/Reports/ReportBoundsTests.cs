using System.IO.Compression;
using System.Text;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>
/// The bounds that keep any input from freezing or poisoning a day (issue #11, defects 3 and 5), each tested at the
/// bound and one past it: session counts, policies, failure details, identifier lengths, report parts, MIME nesting,
/// one decompression budget per input, and exact gzip trailers.
/// </summary>
public sealed class ReportBoundsTests
{
    private static string Report(long successful = 1, int policies = 1, int details = 0, string org = "Org", string id = "id") =>
        $$"""
        {"organization-name":"{{org}}","date-range":{"start-datetime":"2026-11-28T00:00:00Z","end-datetime":"2026-11-28T23:59:59Z"},"report-id":"{{id}}",
         "policies":[{{string.Join(",", Enumerable.Range(0, policies).Select(p => $$"""
           {"policy":{"policy-type":"sts","policy-domain":"d{{p}}.example"},"summary":{"total-successful-session-count":{{successful}},"total-failure-session-count":0},
            "failure-details":[{{string.Join(",", Enumerable.Range(0, p == 0 ? details : 0).Select(_ => "{\"result-type\":\"x\",\"failed-session-count\":1}"))}}]}
           """))}}]}
        """;

    private static Task<ReportSource> ParseAsync(string json, int maxDecompressed = 20 * 1024 * 1024) =>
        ParseAsync(Encoding.UTF8.GetBytes(json), maxDecompressed);

    private static Task<ReportSource> ParseAsync(byte[] input, int maxDecompressed = 20 * 1024 * 1024) =>
        ReportParsing.Parser(maxDecompressed: maxDecompressed).ParseAsync(input, null, default);

    [Fact]
    public async Task Session_counts_up_to_a_billion_are_taken_and_more_refused()
    {
        Assert.Equal(TlsReportJsonParser.MaxSessionCount, (await ParseAsync(Report(successful: 1_000_000_000))).Reports[0].Policies[0].SuccessfulSessions);

        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(Report(successful: 1_000_000_001)));
        Assert.Contains("not plausible", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(Report().Replace("\"total-failure-session-count\":0", "\"total-failure-session-count\":9223372036854775807", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task At_most_a_hundred_policies()
    {
        Assert.Equal(100, (await ParseAsync(Report(policies: 100))).Reports[0].Policies.Count);
        Assert.Equal(ReportRefusedException.TooLarge, (await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(Report(policies: 101)))).Code);
    }

    [Fact]
    public async Task At_most_ten_thousand_failure_details()
    {
        Assert.Equal(10_000, (await ParseAsync(Report(details: 10_000))).Reports[0].Policies[0].FailureDetails.Count);
        Assert.Equal(ReportRefusedException.TooLarge, (await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(Report(details: 10_001)))).Code);
    }

    [Fact]
    public async Task At_most_ten_thousand_failure_details_over_all_policies()
    {
        var json = Report(policies: 2, details: 6000).Replace("\"failure-details\":[]", "\"failure-details\":[" + string.Join(",", Enumerable.Repeat("{\"result-type\":\"x\",\"failed-session-count\":1}", 4001)) + "]", StringComparison.Ordinal);

        Assert.Equal(ReportRefusedException.TooLarge, (await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(json))).Code);
    }

    [Theory]
    [InlineData(1024, false)]
    [InlineData(1025, true)]
    public async Task Identifiers_are_at_most_1024_characters(int length, bool refused)
    {
        foreach (var json in new[] { Report(org: new string('o', length)), Report(id: new string('i', length)) })
        {
            if (refused)
            {
                await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(json));
            }
            else
            {
                Assert.Single((await ParseAsync(json)).Reports);
            }
        }
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public async Task A_message_holds_at_most_ten_report_parts(int parts, bool refused)
    {
        var mail = Mail(Enumerable.Repeat(Encoding.UTF8.GetBytes(Report()), parts).ToArray(), depth: 0);

        if (refused)
        {
            Assert.Equal(ReportRefusedException.TooLarge, (await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(mail))).Code);
        }
        else
        {
            Assert.Equal(parts, (await ParseAsync(mail)).Reports.Count);
        }
    }

    [Theory]
    [InlineData(7, false)]
    [InlineData(8, true)]
    public async Task Multiparts_nest_at_most_eight_deep(int depth, bool refused)
    {
        var mail = Mail([Encoding.UTF8.GetBytes(Report())], depth);

        if (refused)
        {
            await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(mail));
        }
        else
        {
            Assert.Single((await ParseAsync(mail)).Reports);
        }
    }

    [Fact]
    public async Task The_decompression_budget_covers_the_whole_input_and_counts_plain_parts_too()
    {
        var part = Encoding.UTF8.GetBytes(Report().Insert(1, new string(' ', 30_000)));
        var budget = (part.Length * 3) - 1;

        Assert.Equal(2, (await ParseAsync(Mail([Gzip(part), part], 0), budget)).Reports.Count);
        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(Mail([Gzip(part), part, Gzip(part)], 0), budget));
        Assert.Equal(ReportRefusedException.TooLarge, refused.Code);
        var plain = await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(Mail([Gzip(part), part, part], 0), budget));
        Assert.Contains("whole input", plain.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await ParseAsync(Mail([Gzip(part), part, Gzip(part)], 0), budget + 1)).Reports.Count);
    }

    [Fact]
    public void Gzip_decompresses_to_exactly_the_limit_and_refuses_one_byte_more()
    {
        var data = Encoding.UTF8.GetBytes(new string('a', 1000));

        Assert.Equal(data, BoundedGzip.Decompress(Gzip(data), 1000));
        Assert.Equal(ReportRefusedException.TooLarge, Assert.Throws<ReportRefusedException>(() => BoundedGzip.Decompress(Gzip(data), 999)).Code);
    }

    [Fact]
    public void Gzip_with_a_wrong_trailer_or_too_short_is_refused()
    {
        var gzip = Gzip(Encoding.UTF8.GetBytes("{\"a\":1}"));
        var badCrc = (byte[])gzip.Clone();
        badCrc[^8] ^= 1;
        var badLength = (byte[])gzip.Clone();
        badLength[^1] ^= 1;

        Assert.Equal(ReportRefusedException.Compression, Assert.Throws<ReportRefusedException>(() => BoundedGzip.Decompress(badCrc, 1000)).Code);
        Assert.Equal(ReportRefusedException.Compression, Assert.Throws<ReportRefusedException>(() => BoundedGzip.Decompress(badLength, 1000)).Code);
        Assert.Equal(ReportRefusedException.Compression, Assert.Throws<ReportRefusedException>(() => BoundedGzip.Decompress(gzip[..17], 1000)).Code);
        Assert.Equal("{\"a\":1}"u8.ToArray(), BoundedGzip.Decompress(gzip, 1000));
        Assert.True(BoundedGzip.IsGzip(gzip));
        Assert.False(BoundedGzip.IsGzip(gzip[..1]));
        Assert.False(BoundedGzip.IsGzip("{}"u8));
    }

    /// <summary>Mutation survivor: inputs shorter than a trailer must be refused, not read past their start.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(17)]
    public void Gzip_shorter_than_a_header_and_trailer_is_refused_as_truncated(int length)
    {
        var gzip = Gzip(Encoding.UTF8.GetBytes("{\"a\":1}"))[..length];

        var refused = Assert.Throws<ReportRefusedException>(() => BoundedGzip.Decompress(gzip, 1000));

        Assert.Equal((ReportRefusedException.Compression, "the gzip data is truncated"), (refused.Code, refused.Message));
    }

    /// <summary>
    /// Mutation survivor: .NET's <see cref="GZipStream"/> returns a stream cut before its trailer without complaint, so
    /// the last eight bytes read are data. Here the data ends with its own length, so only the CRC-32 check notices.
    /// </summary>
    [Fact]
    public void Gzip_cut_before_its_trailer_is_refused_even_when_the_last_bytes_look_like_the_length()
    {
        var data = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        BitConverter.GetBytes(100).CopyTo(data, 96);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.NoCompression))
        {
            gzip.Write(data);
        }

        var refused = Assert.Throws<ReportRefusedException>(() => BoundedGzip.Decompress(output.ToArray()[..^8], 1000));

        Assert.Equal(ReportRefusedException.Compression, refused.Code);
        Assert.Contains("CRC-32", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gzip_with_a_corrupt_body_is_refused_with_what_the_decompressor_said()
    {
        var gzip = Gzip(Encoding.UTF8.GetBytes(new string('a', 200)));
        gzip[^8] ^= 1; // the CRC-32: the decompressor itself checks it at the end of the stream

        var refused = Assert.Throws<ReportRefusedException>(() => BoundedGzip.Decompress(gzip, 1000));

        Assert.Equal(ReportRefusedException.Compression, refused.Code);
        Assert.StartsWith("the gzip data is corrupt: ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_that_is_not_utf8_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Report(org: "O\u0007rg"));
        bytes[Array.IndexOf(bytes, (byte)7)] = 0xC3;

        Assert.Contains("UTF-8", (await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(bytes))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_date_beyond_the_calendar_is_refused()
    {
        await Assert.ThrowsAsync<ReportRefusedException>(() => ParseAsync(Report().Replace("2026-11-28T00:00:00Z", "0001-01-01T00:00:00+14:00", StringComparison.Ordinal)));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Mail(IReadOnlyList<byte[]> parts, int depth)
    {
        var body = new StringBuilder();
        foreach (var part in parts)
        {
            var gzip = BoundedGzip.IsGzip(part);
            body.Append("--b0\r\nContent-Type: application/tlsrpt+").Append(gzip ? "gzip" : "json").Append("\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .Append(Convert.ToBase64String(part, Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        }

        var inner = body.Append("--b0--\r\n").ToString();
        for (var level = 1; level <= depth; level++)
        {
            inner = $"--b{level}\r\nContent-Type: multipart/mixed; boundary=\"b{level - 1}\"\r\n\r\n{inner}--b{level}--\r\n";
        }

        return Encoding.UTF8.GetBytes($"From: r@o.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=tlsrpt; boundary=\"b{depth}\"\r\n\r\n{inner}");
    }
}
