using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Policies;

public sealed class PolicyWriterTests
{
    [Fact]
    public void Writes_CRLF_version_first_mode_mx_in_order_then_max_age()
    {
        var text = PolicyWriter.Write(new StsPolicy(PolicyMode.Enforce, ["mx2.example.com", "*.mx.example.net"], 1209600));

        Assert.Equal("version: STSv1\r\nmode: enforce\r\nmx: mx2.example.com\r\nmx: *.mx.example.net\r\nmax_age: 1209600\r\n", text);
    }

    [Theory]
    [InlineData(PolicyMode.None, new string[0], 86400L)]
    [InlineData(PolicyMode.Testing, new[] { "a.example", "*.b.example" }, 0L)]
    [InlineData(PolicyMode.Enforce, new[] { "xn--bcher-kva.example" }, 31557600L)]
    public void What_is_written_parses_back_to_the_same_policy(PolicyMode mode, string[] mx, long maxAge)
    {
        var policy = new StsPolicy(mode, mx, maxAge);

        Assert.Equal(policy, PolicyParser.Parse(PolicyWriter.Write(policy)).Policy);
    }
}
