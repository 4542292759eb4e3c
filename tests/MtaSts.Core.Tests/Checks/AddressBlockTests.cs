using System.Net;
using MtaSts.Core.Checks;

namespace MtaSts.Core.Tests.Checks;

public sealed class AddressBlockTests
{
    [Theory]
    [InlineData("100.64.0.0/10", "100.64.0.0", true)]
    [InlineData("100.64.0.0/10", "100.127.255.255", true)]
    [InlineData("100.64.0.0/10", "100.63.255.255", false)]
    [InlineData("100.64.0.0/10", "100.128.0.0", false)]
    [InlineData("168.63.129.16/32", "168.63.129.16", true)]
    [InlineData("168.63.129.16/32", "168.63.129.17", false)]
    [InlineData("0.0.0.0/0", "203.0.113.1", true)]
    [InlineData("fe80::/10", "febf:ffff::1", true)]
    [InlineData("fe80::/10", "fec0::1", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", false)]
    [InlineData("::ffff:0:0/96", "10.0.0.1", false)]
    public void Contains_compares_the_prefix_bits_of_the_same_family(string cidr, string address, bool expected)
    {
        Assert.Equal(expected, new AddressBlock(cidr, "test", "test").Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("fe80::1/10")]
    [InlineData("::/129")]
    public void A_block_with_host_bits_or_too_long_a_prefix_is_refused(string cidr)
    {
        Assert.Throws<ArgumentException>(() => new AddressBlock(cidr, "test", "test"));
    }

    [Fact]
    public void It_reads_as_CIDR()
    {
        Assert.Equal("198.18.0.0/15", new AddressBlock("198.18.0.0/15", "benchmarking", "RFC 2544").ToString());
    }
}
