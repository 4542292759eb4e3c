using System.Net;
using System.Net.Sockets;

namespace MtaSts.Core.Checks;

/// <summary>
/// The only addresses server-side checks contact: global unicast ones, so that a tenant cannot point the checks at
/// internal networks. Refused are the blocks of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890,
/// updated by RFC 8190) that are not globally reachable or are set aside for documentation, benchmarking and relays,
/// Azure's host address 168.63.129.16, and for IPv6 everything outside the global unicast space 2000::/3 (RFC 4291
/// §2.4, RFC 3587). An IPv6 address that carries an IPv4 address (IPv4-mapped, NAT64, 6to4) is judged by the IPv4
/// address it carries; in every other block the first match, more specific blocks first, names the reason.
/// </summary>
public static class NetworkAddresses
{
    /// <summary>IPv4 blocks that are not global unicast (IANA IPv4 Special-Purpose Address Registry, RFC 6890 §2.2.2).</summary>
    private static readonly AddressBlock[] RefusedIPv4 =
    [
        new("0.0.0.0/8", "\"this network\"", "RFC 791, RFC 1122 §3.2.1.3"),
        new("10.0.0.0/8", "private-use", "RFC 1918"),
        new("100.64.0.0/10", "shared address space (CGNAT)", "RFC 6598"),
        new("127.0.0.0/8", "loopback", "RFC 1122 §3.2.1.3"),
        new("168.63.129.16/32", "Azure's host address (wireserver, DNS, health probes)", "Azure: What is IP address 168.63.129.16?"),
        new("169.254.0.0/16", "link-local, cloud metadata at 169.254.169.254 among it", "RFC 3927"),
        new("172.16.0.0/12", "private-use", "RFC 1918"),
        new("192.0.0.0/24", "IETF protocol assignments", "RFC 6890 §2.2.2"),
        new("192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737"),
        new("192.88.99.0/24", "6to4 relay anycast (deprecated)", "RFC 7526"),
        new("192.168.0.0/16", "private-use", "RFC 1918"),
        new("198.18.0.0/15", "benchmarking", "RFC 2544"),
        new("198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737"),
        new("203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737"),
        new("224.0.0.0/4", "multicast", "RFC 5771"),
        new("255.255.255.255/32", "limited broadcast", "RFC 919, RFC 8190"),
        new("240.0.0.0/4", "reserved", "RFC 1112 §4"),
    ];

    /// <summary>
    /// IPv6 blocks that carry an IPv4 address at a byte offset: judged by that address (RFC 6052 §3.1 forbids
    /// non-global IPv4 addresses in the NAT64 well-known prefix; the others would reach it through a relay or the
    /// host's own IPv4 stack).
    /// </summary>
    private static readonly (AddressBlock Block, int Offset)[] CarriersOfIPv4 =
    [
        (new("::ffff:0:0/96", "IPv4-mapped", "RFC 4291 §2.5.5.2"), 12),
        (new("64:ff9b::/96", "NAT64 well-known prefix", "RFC 6052 §2.1"), 12),
        (new("2002::/16", "6to4", "RFC 3056 §2"), 2),
    ];

    /// <summary>IPv6 blocks that are not global unicast (IANA IPv6 Special-Purpose Address Registry, RFC 6890 §2.2.3).</summary>
    private static readonly AddressBlock[] RefusedIPv6 =
    [
        new("::/128", "unspecified", "RFC 4291 §2.5.2"),
        new("::1/128", "loopback", "RFC 4291 §2.5.3"),
        new("::/96", "IPv4-compatible (deprecated)", "RFC 4291 §2.5.5.1"),
        new("64:ff9b:1::/48", "local-use IPv4/IPv6 translation", "RFC 8215"),
        new("100::/64", "discard-only", "RFC 6666"),
        new("2001::/23", "IETF protocol assignments (Teredo 2001::/32, benchmarking 2001:2::/48, ORCHIDv2 among them)", "RFC 2928, RFC 4380, RFC 5180, RFC 7343"),
        new("2001:db8::/32", "documentation", "RFC 3849"),
        new("3fff::/20", "documentation", "RFC 9637"),
        new("5f00::/16", "segment routing (SRv6) SIDs", "RFC 9602"),
        new("fc00::/7", "unique local", "RFC 4193"),
        new("fe80::/10", "link-local", "RFC 4291 §2.5.6"),
        new("fec0::/10", "site-local (deprecated)", "RFC 3879"),
        new("ff00::/8", "multicast", "RFC 4291 §2.7"),
    ];

    private static readonly AddressBlock GlobalUnicastIPv6 = new("2000::/3", "global unicast", "RFC 4291 §2.4, RFC 3587");

    public static bool IsGlobalUnicast(IPAddress address) => Refusal(address) is null;

    /// <summary>Why <paramref name="address"/> is not global unicast, like <c>private-use, RFC 1918</c>; null when it is.</summary>
    public static string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => Describe(RefusedIPv4.FirstOrDefault(b => b.Contains(address))),
            AddressFamily.InterNetworkV6 => RefusalIPv6(address),
            _ => "not an IPv4 or IPv6 address",
        };
    }

    /// <summary>The first of <paramref name="addresses"/> that is not global unicast, with why, like <c>10.0.0.1 (private-use, RFC 1918)</c>; null when all are.</summary>
    public static string? FirstRefused(IEnumerable<IPAddress> addresses) =>
        addresses.Select(a => Refusal(a) is { } why ? $"{a} ({why})" : null).FirstOrDefault(r => r is not null);

    private static string? RefusalIPv6(IPAddress address)
    {
        var (carrier, offset) = CarriersOfIPv4.FirstOrDefault(c => c.Block.Contains(address));
        if (carrier is not null)
        {
            var carried = new IPAddress(address.GetAddressBytes().AsSpan(offset, 4));
            return Refusal(carried) is { } why ? $"{carrier.Purpose} {carried}: {why}" : null;
        }

        return Describe(RefusedIPv6.FirstOrDefault(b => b.Contains(address)))
            ?? (GlobalUnicastIPv6.Contains(address) ? null : $"outside the global unicast space {GlobalUnicastIPv6}, {GlobalUnicastIPv6.Reference}");
    }

    private static string? Describe(AddressBlock? block) => block is null ? null : $"{block.Purpose}, {block.Reference}";
}
