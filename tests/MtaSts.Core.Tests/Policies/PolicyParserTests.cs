using System.Text;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Policies;

public sealed class PolicyParserTests
{
    [Theory]
    [InlineData("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n")]
    [InlineData("version: STSv1\nmode: enforce\r\nmx: mail.example.com\nmax_age: 604800")]
    public void Accepts_LF_CRLF_and_a_missing_final_terminator(string text)
    {
        var result = PolicyParser.Parse(text);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(new StsPolicy(PolicyMode.Enforce, ["mail.example.com"], 604800), result.Policy);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void First_of_a_repeated_field_wins_and_the_repeat_is_a_warning_with_its_line()
    {
        var result = PolicyParser.Parse("version: STSv1\nmode: testing\nmode: enforce\nmx: a.example\nmax_age: 86400\nmax_age: nonsense\n");

        Assert.Equal(PolicyMode.Testing, result.Policy!.Mode);
        Assert.Equal(86400, result.Policy.MaxAgeSeconds);
        Assert.Equal([3, 6], result.Warnings.Where(w => w.Code == "duplicate-field").Select(w => w.Line));
    }

    [Fact]
    public void Mx_lines_accumulate_in_order_and_duplicates_are_dropped()
    {
        var result = PolicyParser.Parse("version: STSv1\nmode: enforce\nmx: b.example\nmx: *.a.example\nmx: B.example\nmax_age: 604800\n");

        Assert.Equal(["b.example", "*.a.example"], result.Policy!.Mx);
        Assert.Contains(result.Warnings, w => w.Code == "mx-duplicate" && w.Line == 5);
    }

    [Fact]
    public void Unknown_fields_are_ignored_with_a_warning()
    {
        var result = PolicyParser.Parse("version: STSv1\nmode: none\nmax_age: 86400\nfuture_field: value\n");

        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.Code == "unknown-field" && w.Line == 4);
    }

    [Theory]
    [InlineData("mode: enforce\nmx: a.example\nmax_age: 1", "version-missing")]
    [InlineData("version: STSv1\nmx: a.example\nmax_age: 1", "mode-missing")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example", "max-age-missing")]
    [InlineData("version: STSv1\nmode: enforce\nmax_age: 1", "mx-missing")]
    [InlineData("version: STSv1\nmode: testing\nmax_age: 1", "mx-missing")]
    [InlineData("version: STSv2\nmode: none\nmax_age: 1", "version-invalid")]
    [InlineData("version: STSv1\nmode: Enforce\nmx: a.example\nmax_age: 1", "mode-invalid")]
    [InlineData("version: STSv1\nmode: none\nmax_age: 31557601", "max-age-too-large")]
    [InlineData("version: STSv1\nmode: none\nmax_age: 12345678901", "max-age-invalid")]
    [InlineData("version: STSv1\nmode: none\nmax_age: -1", "max-age-invalid")]
    [InlineData("version: STSv1\nmode: enforce\nmx: *.*.example\nmax_age: 1", "mx-invalid")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mail.example.com.\nmax_age: 1", "mx-invalid")]
    [InlineData("version: STSv1\nmode: enforce\nmx: bücher.example\nmax_age: 1", "mx-invalid")]
    [InlineData("version: STSv1\nmode: none\nmx: a_b.example\nmax_age: 1", "mx-invalid")]
    public void Rejects_with_a_specific_error(string text, string code)
    {
        var result = PolicyParser.Parse(text);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Code == code);
    }

    [Fact]
    public void Bodies_over_64_KiB_are_refused_and_64_KiB_is_not()
    {
        var head = "version: STSv1\nmode: none\nmax_age: 86400\nx: ";
        var exact = head + new string('a', StsPolicy.MaxBodyBytes - head.Length - 1) + "\n";

        Assert.True(PolicyParser.Parse(exact).IsValid);
        Assert.Contains(PolicyParser.Parse(exact + "a").Errors, e => e.Code == "too-large");
        Assert.Contains(PolicyParser.Parse(Encoding.UTF8.GetBytes(exact + "a")).Errors, e => e.Code == "too-large");
    }

    [Fact]
    public void Invalid_utf8_is_an_error_not_an_exception()
    {
        var result = PolicyParser.Parse(new byte[] { 0x76, 0xff, 0xfe });

        Assert.Contains(result.Errors, e => e.Code == "not-utf8");
    }

    [Theory]
    [InlineData(PolicyMode.Enforce, 604799, "max-age-short-for-enforce")]
    [InlineData(PolicyMode.Testing, 86399, "max-age-short")]
    public void Short_max_age_is_a_warning(PolicyMode mode, long maxAge, string code)
    {
        var result = PolicyParser.Parse(PolicyWriter.Write(new StsPolicy(mode, ["a.example"], maxAge)));

        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.Code == code && w.Line == 4);
    }

    [Fact]
    public void Version_not_first_is_a_warning()
    {
        var result = PolicyParser.Parse("mode: none\nversion: STSv1\nmax_age: 86400\n");

        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.Code == "version-not-first" && w.Line == 2);
    }

    [Fact]
    public void Template_with_placeholders_and_comments_is_not_a_valid_policy()
    {
        var text = File.ReadAllText(Path.Combine(Conformance.ConformanceCorpus.Directory, "mtasts/policy-files/jpawlowski-mta-sts.template.txt"));

        Assert.False(PolicyParser.Parse(text).IsValid);
    }
}
