using System.Net;
using MtaSts.Core.Checks;

namespace MtaSts.Core.Tests.Checks;

/// <summary>Server-side checks contact global unicast addresses only: every special-purpose form is refused, with why.</summary>
public sealed class NetworkAddressesTests
{
    /// <summary>Every block the checks refuse: the IANA special-purpose registries (RFC 6890), Azure's host, and IPv6 outside 2000::/3.</summary>
    public static readonly TheoryData<string> RefusedBlocks =
    [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "168.63.129.16/32", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
        "::/128", "::1/128", "::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001::/32", "2001:db8::/32", "3fff::/20",
        "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "::/3", "4000::/2", "8000::/1",
    ];

    [Theory]
    [InlineData("127.0.0.1", "loopback, RFC 1122")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("0.0.0.0", "\"this network\"")]
    [InlineData("0.1.2.3", "\"this network\"")]
    [InlineData("10.0.0.1", "private-use, RFC 1918")]
    [InlineData("10.255.255.255", "private-use")]
    [InlineData("100.64.0.1", "shared address space (CGNAT), RFC 6598")]
    [InlineData("100.127.255.254", "CGNAT")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("169.254.169.254", "link-local, cloud metadata")]
    [InlineData("172.16.0.1", "private-use")]
    [InlineData("172.31.255.254", "private-use")]
    [InlineData("192.0.0.9", "IETF protocol assignments")]
    [InlineData("192.0.2.1", "documentation (TEST-NET-1), RFC 5737")]
    [InlineData("198.51.100.7", "documentation (TEST-NET-2)")]
    [InlineData("203.0.113.9", "documentation (TEST-NET-3)")]
    [InlineData("192.88.99.1", "6to4 relay anycast")]
    [InlineData("192.168.1.1", "private-use")]
    [InlineData("198.18.0.1", "benchmarking, RFC 2544")]
    [InlineData("198.19.255.254", "benchmarking")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.254", "reserved")]
    [InlineData("255.255.255.255", "limited broadcast")]
    [InlineData("168.63.129.16", "Azure's host address")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback, RFC 4291")]
    [InlineData("::ffff:10.0.0.1", "IPv4-mapped 10.0.0.1: private-use")]
    [InlineData("::ffff:127.0.0.1", "IPv4-mapped 127.0.0.1: loopback")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped 169.254.169.254: link-local")]
    [InlineData("::ffff:168.63.129.16", "IPv4-mapped 168.63.129.16: Azure")]
    [InlineData("::10.0.0.1", "IPv4-compatible (deprecated)")]
    [InlineData("::8.8.8.8", "IPv4-compatible (deprecated)")]
    [InlineData("64:ff9b::10.0.0.1", "NAT64 well-known prefix 10.0.0.1: private-use")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64 well-known prefix 169.254.169.254: link-local")]
    [InlineData("64:ff9b:1::8.8.8.8", "local-use IPv4/IPv6 translation, RFC 8215")]
    [InlineData("2002:a00:1::1", "6to4 10.0.0.1: private-use")]
    [InlineData("2002:7f00:1::1", "6to4 127.0.0.1: loopback")]
    [InlineData("2002:a83f:8110::", "6to4 168.63.129.16: Azure")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "IETF protocol assignments (Teredo 2001::/32")]
    [InlineData("2001:2::1", "IETF protocol assignments")]
    [InlineData("2001:db8::1", "documentation, RFC 3849")]
    [InlineData("3fff::1", "documentation, RFC 9637")]
    [InlineData("fc00::1", "unique local, RFC 4193")]
    [InlineData("fd00:ec2::254", "unique local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fe80::1%2", "link-local")]
    [InlineData("fec0::1", "site-local (deprecated)")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("100::1", "discard-only, RFC 6666")]
    [InlineData("4000::1", "outside the global unicast space 2000::/3")]
    [InlineData("1::1", "outside the global unicast space")]
    [InlineData("::2:1", "IPv4-compatible")]
    public void Each_special_purpose_form_is_refused_with_the_reason(string text, string reason)
    {
        var address = IPAddress.Parse(text);

        Assert.False(NetworkAddresses.IsGlobalUnicast(address));
        Assert.Contains(reason, NetworkAddresses.Refusal(address), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.0.0.0")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.0")]
    [InlineData("168.63.129.15")]
    [InlineData("168.63.129.17")]
    [InlineData("169.253.255.255")]
    [InlineData("169.255.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.0.1.0")]
    [InlineData("192.0.3.0")]
    [InlineData("192.88.98.255")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("2001:200::1")]
    [InlineData("2001:db7:ffff::1")]
    [InlineData("2001:db9::1")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("3ffe:ffff::1")]
    [InlineData("3fff:1000::1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("2002:808:808::1")]
    public void Global_unicast_addresses_pass(string text)
    {
        var address = IPAddress.Parse(text);

        Assert.Null(NetworkAddresses.Refusal(address));
        Assert.True(NetworkAddresses.IsGlobalUnicast(address));
    }

    [Theory]
    [MemberData(nameof(RefusedBlocks))]
    public void Random_addresses_inside_every_refused_block_are_refused(string cidr)
    {
        var block = new AddressBlock(cidr, "test", "test");
        var random = new Random(6890);
        for (var i = 0; i < 500; i++)
        {
            var address = RandomIn(block, random);

            Assert.True(block.Contains(address));
            Assert.False(NetworkAddresses.IsGlobalUnicast(address), $"{address} in {cidr} passed");
        }
    }

    [Fact]
    public void An_IPv6_address_carrying_an_IPv4_address_is_judged_by_it()
    {
        var random = new Random(6052);
        for (var i = 0; i < 5000; i++)
        {
            var v4 = new byte[4];
            random.NextBytes(v4);
            var expected = NetworkAddresses.IsGlobalUnicast(new IPAddress(v4));

            byte[] mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, .. v4];
            byte[] nat64 = [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, .. v4];
            byte[] sixToFour = [0x20, 0x02, .. v4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
            Assert.All([mapped, nat64, sixToFour], bytes => Assert.Equal(expected, NetworkAddresses.IsGlobalUnicast(new IPAddress(bytes))));
        }
    }

    [Fact]
    public void The_first_refused_address_of_a_list_is_named()
    {
        IPAddress[] addresses = [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("2606:4700::1"), IPAddress.Parse("10.1.2.3"), IPAddress.Loopback];

        Assert.Equal("10.1.2.3 (private-use, RFC 1918)", NetworkAddresses.FirstRefused(addresses));
        Assert.Null(NetworkAddresses.FirstRefused(addresses.Take(2)));
    }

    private static IPAddress RandomIn(AddressBlock block, Random random)
    {
        var bytes = block.Network.GetAddressBytes();
        var noise = new byte[bytes.Length];
        random.NextBytes(noise);
        for (var i = 0; i < bytes.Length; i++)
        {
            var prefixBits = (byte)(0xFF00 >> Math.Clamp(block.Length - (i * 8), 0, 8));
            bytes[i] = (byte)(bytes[i] | (noise[i] & ~prefixBits));
        }

        return new IPAddress(bytes);
    }
}
