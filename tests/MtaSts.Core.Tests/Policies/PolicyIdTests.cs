using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Policies;

public sealed class PolicyIdTests
{
    [Theory]
    [InlineData("20261129123456", true)]
    [InlineData("a", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("2026-11-29", false)]
    [InlineData("ünï", false)]
    public void Is_1_to_32_letters_and_digits(string? id, bool valid) => Assert.Equal(valid, PolicyId.IsValid(id));

    [Fact]
    public void Formats_the_TXT_record_we_publish()
    {
        Assert.Equal("v=STSv1; id=20261129123456", StsTxtRecord.Format("20261129123456"));
        Assert.True(StsTxtRecordParser.ParseRecordSet([StsTxtRecord.Format("abc")]).IsValid);
        Assert.Throws<ArgumentException>(() => StsTxtRecord.Format("a-b"));
    }
}
