using MtaSts.Core.Checks;
using MtaSts.Core.Tests.Conformance;

namespace MtaSts.Core.Tests.Checks;

public sealed class PolicyLinterTests
{
    [Fact]
    public void A_clean_CRLF_policy_has_no_findings()
    {
        var result = PolicyLinter.Lint("version: STSv1\r\nmode: enforce\r\nmx: mx1.mail.test\r\nmax_age: 1209600\r\n");

        Assert.True(result.IsValid);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void LF_line_endings_are_a_warning_per_line_not_an_error()
    {
        var result = PolicyLinter.Lint("version: STSv1\nmode: enforce\nmx: mx1.mail.test\nmax_age: 1209600\n");

        Assert.True(result.IsValid);
        Assert.Equal([1, 2, 3, 4], result.Warnings.Where(w => w.Code == "lf-line-ending").Select(w => w.Line));
    }

    [Fact]
    public void The_template_policy_is_reported_line_by_line()
    {
        var text = File.ReadAllText(Path.Combine(ConformanceCorpus.Directory, "mtasts/policy-files/jpawlowski-mta-sts.template.txt"));

        var result = PolicyLinter.Lint(text);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Code == "mode-invalid" && e.Line == 2);
        Assert.Contains(result.Errors, e => e.Code == "mx-invalid" && e.Line == 3);
        Assert.Contains(result.Warnings, w => w.Code == "placeholder" && w.Line == 3);
    }

    [Theory]
    [InlineData("mode: enforce\r\nversion: STSv1\r\nmx: a.mail.test\r\nmax_age: 1209600\r\n", "version-not-first")]
    [InlineData("version: STSv1\r\nmode: enforce\r\nmode: testing\r\nmx: a.mail.test\r\nmax_age: 1209600\r\n", "duplicate-field")]
    [InlineData("version: STSv1\r\nmode: enforce\r\nmx: a.mail.test\r\nmax_age: 1209600\r\nextra: 1\r\n", "unknown-field")]
    [InlineData("version: STSv1\r\nmode: enforce\r\nmx: a.mail.test\r\nmax_age: 3600\r\n", "max-age-short-for-enforce")]
    [InlineData("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 1209600\r\n", "placeholder")]
    public void Warnings_name_the_problem(string text, string code)
    {
        Assert.Contains(PolicyLinter.Lint(text).Warnings, w => w.Code == code);
    }

    [Fact]
    public void Over_64_KiB_is_an_error()
    {
        var text = "version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n" + new string('#', 70_000);

        Assert.Contains(PolicyLinter.Lint(System.Text.Encoding.UTF8.GetBytes(text)).Errors, e => e.Code == "too-large");
    }
}
