using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Policies;

public sealed class PolicyDraftValidatorTests
{
    [Fact]
    public void Lists_every_problem_at_once()
    {
        var result = PolicyDraftValidator.Validate(new PolicyDraft("strict", ["bad..name", "*.*.example", "ok.example"], 31557601));

        Assert.False(result.IsValid);
        Assert.Equal(4, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.StartsWith("mode", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("mx[0]", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("mx[1]", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("maxAge", StringComparison.Ordinal));
    }

    [Fact]
    public void Converts_IDN_to_A_labels_lowercases_drops_trailing_dots_and_duplicates()
    {
        var result = PolicyDraftValidator.Validate(new PolicyDraft("enforce", ["Mail.Bücher.Example.", "*.MX.example.com", "mail.xn--bcher-kva.example"], 1209600));

        Assert.Equal(["mail.xn--bcher-kva.example", "*.mx.example.com"], result.Policy!.Mx);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("enforce")]
    [InlineData("testing")]
    public void Mx_is_required_unless_mode_is_none(string mode)
    {
        Assert.Contains(PolicyDraftValidator.Validate(new PolicyDraft(mode, [], 86400)).Errors, e => e.StartsWith("mx is required", StringComparison.Ordinal));
        Assert.True(PolicyDraftValidator.Validate(new PolicyDraft("none", null, 86400)).IsValid);
    }

    [Fact]
    public void Max_age_defaults_to_one_week_and_short_values_warn()
    {
        Assert.Equal(604800, PolicyDraftValidator.Validate(new PolicyDraft("enforce", ["a.example"], null)).Policy!.MaxAgeSeconds);
        Assert.Single(PolicyDraftValidator.Validate(new PolicyDraft("enforce", ["a.example"], 86400)).Warnings);
        Assert.Single(PolicyDraftValidator.Validate(new PolicyDraft("testing", ["a.example"], 3600)).Warnings);
        Assert.Empty(PolicyDraftValidator.Validate(new PolicyDraft("testing", ["a.example"], 86400)).Warnings);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("foo*.example.com")]
    [InlineData("mail.*.example.com")]
    [InlineData("192.0.2.1")]
    [InlineData("-mail.example.com")]
    [InlineData("mail_1.example.com")]
    [InlineData("a..example")]
    public void Refuses_mx_values_that_are_not_host_names_or_one_leading_wildcard(string? mx)
    {
        Assert.False(PolicyDraftValidator.Validate(new PolicyDraft("enforce", [mx], 604800)).IsValid);
    }

    [Fact]
    public void Refuses_too_many_mx()
    {
        var mx = Enumerable.Range(0, PolicyDraftValidator.MaxMxCount + 1).Select(i => (string?)$"mx{i}.example.com").ToArray();

        Assert.False(PolicyDraftValidator.Validate(new PolicyDraft("enforce", mx, 604800)).IsValid);
    }
}
