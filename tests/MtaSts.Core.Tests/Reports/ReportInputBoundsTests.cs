using System.Text;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>The input parser's first checks, at their bounds and with their reason codes (from dotnet-stryker's survivors).</summary>
public sealed class ReportInputBoundsTests
{
    private static readonly byte[] Report = ReportJson.For();

    [Fact]
    public async Task An_empty_input_is_refused_as_empty()
    {
        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => ReportParsing.Parser().ParseAsync(Array.Empty<byte>(), "x.json", default));

        Assert.Contains("empty", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_input_of_exactly_the_limit_is_read_and_one_byte_more_is_refused_as_too_large()
    {
        var exact = await ReportParsing.Parser(maxCompressed: Report.Length).ParseAsync(Report, "r.json", default);
        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => ReportParsing.Parser(maxCompressed: Report.Length - 1).ParseAsync(Report, "r.json", default));

        Assert.Single(exact.Reports);
        Assert.Equal(ReportRefusedException.TooLarge, refused.Code);
    }

    [Theory]
    [InlineData("just some text")]
    [InlineData("   ")]
    [InlineData("[1,2,3]")]
    public async Task What_is_neither_json_gzip_nor_mail_is_refused_as_not_a_report(string input)
    {
        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => ReportParsing.Parser().ParseAsync(Encoding.UTF8.GetBytes(input), "x", default));

        Assert.Equal(ReportRefusedException.NotAReport, refused.Code);
    }

    [Fact]
    public async Task Json_after_leading_white_space_is_json()
    {
        var padded = await ReportParsing.Parser().ParseAsync((byte[])[.. " \r\n\t"u8, .. Report], "r.json", default);

        Assert.Equal("json", padded.Format);
    }
}
