using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Policies;

public sealed class MxPatternTests
{
    [Theory]
    [InlineData("*.mx.example", "a.mx.example", true)]
    [InlineData("*.mx.example", "a.b.mx.example", false)]
    [InlineData("*.mx.example", "mx.example", false)]
    [InlineData("mail.example.com", "MAIL.Example.COM.", true)]
    [InlineData("xn--bcher-kva.example", "bücher.example", true)]
    [InlineData("*.example.com", "", false)]
    [InlineData("*.example.com", null, false)]
    [InlineData("*.example.com", "x.example.com.evil", false)]
    public void Matches_as_RFC_8461_section_4_1_says(string pattern, string? host, bool matches)
    {
        Assert.True(MxPattern.TryParse(pattern, out var parsed, out _));
        Assert.Equal(matches, parsed.Matches(host));
    }

    [Fact]
    public void Strict_parse_refuses_what_normalise_accepts()
    {
        Assert.False(MxPattern.TryParse("Bücher.example.", out _, out var error));
        Assert.Contains("A-label", error, StringComparison.Ordinal);
        Assert.True(MxPattern.TryNormalize("Bücher.example.", out var pattern, out _));
        Assert.Equal("xn--bcher-kva.example", pattern.Value);
    }
}
