using System.Globalization;
using System.Net;

namespace MtaSts.Core.Checks;

/// <summary>
/// A block of addresses in CIDR notation (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6), with what it is for and
/// the document that says so: one row of the tables in <see cref="NetworkAddresses"/>.
/// </summary>
public sealed class AddressBlock
{
    private readonly byte[] prefix;

    /// <param name="cidr">The block, like <c>10.0.0.0/8</c>; host bits must be zero.</param>
    /// <param name="purpose">What the block is for, like <c>private-use</c>.</param>
    /// <param name="reference">Where that is defined, like <c>RFC 1918</c>.</param>
    public AddressBlock(string cidr, string purpose, string reference)
    {
        ArgumentNullException.ThrowIfNull(cidr);
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        Network = IPAddress.Parse(cidr[..slash]);
        Length = int.Parse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        prefix = Network.GetAddressBytes();
        if (Length > prefix.Length * 8 || prefix.Where((b, i) => (b & ~Mask(i)) != 0).Any())
        {
            throw new ArgumentException($"'{cidr}' is not a network: the length is too long or host bits are set", nameof(cidr));
        }

        Purpose = purpose;
        Reference = reference;
    }

    public IPAddress Network { get; }

    /// <summary>The prefix length in bits.</summary>
    public int Length { get; }

    public string Purpose { get; }

    public string Reference { get; }

    /// <summary>
    /// Whether <paramref name="address"/> is in the block. The families must be the same: an IPv4-mapped IPv6
    /// address is never in an IPv4 block (<see cref="NetworkAddresses"/> unwraps it on purpose).
    /// </summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != Network.AddressFamily)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        for (var i = 0; i < prefix.Length; i++)
        {
            if ((bytes[i] & Mask(i)) != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => $"{Network}/{Length}";

    /// <summary>The bits of byte <paramref name="index"/> that belong to the prefix.</summary>
    private byte Mask(int index) => (byte)(0xFF00 >> Math.Clamp(Length - (index * 8), 0, 8));
}
