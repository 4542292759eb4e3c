using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MtaSts.Core.Tests.Support;

/// <summary>
/// A DNS server on a loopback UDP port (RFC 1035 §4.1) that answers TXT queries from <see cref="Txt"/> (each record
/// split into 255-byte strings) and MX queries from <see cref="Mx"/>, both changeable while it runs; a name with no
/// record of any type is NXDOMAIN, a name with records of another type NOERROR with no answer. With
/// <see cref="ErrorCode"/> set it answers every query with that code instead (SERVFAIL, 2: a failing resolver).
/// </summary>
public sealed class DnsResponder : IDisposable
{
    public const byte ServFail = 2;
    public const byte NxDomain = 3;

    private readonly UdpClient udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource stop = new();

    public DnsResponder(IReadOnlyDictionary<string, string>? txt = null)
    {
        foreach (var (name, text) in txt ?? new Dictionary<string, string>())
        {
            Txt[name] = text;
        }

        _ = AnswerAsync();
    }

    /// <summary>TXT records by name (one record per name).</summary>
    public ConcurrentDictionary<string, string> Txt { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>MX records by name: (preference, exchange) each; an exchange of "." is a null MX.</summary>
    public ConcurrentDictionary<string, (ushort Preference, string Exchange)[]> Mx { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When set, every query is answered with this RCODE and no records.</summary>
    public byte? ErrorCode { get; set; }

    public string Endpoint => ((IPEndPoint)udp.Client.LocalEndPoint!).ToString();

    public void Dispose()
    {
        stop.Cancel();
        udp.Dispose();
        stop.Dispose();
    }

    private async Task AnswerAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var query = await udp.ReceiveAsync(stop.Token);
                if (Answer(query.Buffer) is { } answer)
                {
                    await udp.SendAsync(answer, query.RemoteEndPoint, stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(4)) != 1)
        {
            return null;
        }

        var labels = new List<string>();
        var at = 12;
        while (at < query.Length && query[at] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, at + 1, Math.Min(query[at], query.Length - at - 1)));
            at += query[at] + 1;
        }

        var questionEnd = at + 5;
        if (questionEnd > query.Length)
        {
            return null;
        }

        var name = string.Join('.', labels);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(at + 1));
        var records = new List<byte[]>();
        if (type == 16 && Txt.TryGetValue(name, out var text))
        {
            records.Add(Strings(text));
        }
        else if (type == 15 && Mx.TryGetValue(name, out var exchanges))
        {
            records.AddRange(exchanges.Select(MxData));
        }

        var exists = Txt.ContainsKey(name) || Mx.ContainsKey(name);
        var rcode = ErrorCode ?? (exists ? (byte)0 : NxDomain);
        if (rcode != 0)
        {
            records.Clear();
        }

        using var answer = new MemoryStream();
        answer.Write(query, 0, questionEnd);
        var bytes = answer.GetBuffer();
        bytes[2] = (byte)(0x84 | (query[2] & 0x01)); // QR, AA, the query's RD
        bytes[3] = (byte)(0x80 | rcode); // RA, the RCODE
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), (ushort)records.Count);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 0); // no authority or additional records
        Span<byte> head = stackalloc byte[12];
        foreach (var rdata in records)
        {
            BinaryPrimitives.WriteUInt16BigEndian(head, 0xC00C); // the question's name
            BinaryPrimitives.WriteUInt16BigEndian(head[2..], type);
            BinaryPrimitives.WriteUInt16BigEndian(head[4..], 1);
            BinaryPrimitives.WriteUInt32BigEndian(head[6..], 60);
            BinaryPrimitives.WriteUInt16BigEndian(head[10..], (ushort)rdata.Length);
            answer.Write(head);
            answer.Write(rdata);
        }

        return answer.ToArray();
    }

    private static byte[] Strings(string text)
    {
        using var rdata = new MemoryStream();
        foreach (var chunk in Encoding.ASCII.GetBytes(text).Chunk(255))
        {
            rdata.WriteByte((byte)chunk.Length);
            rdata.Write(chunk);
        }

        return rdata.ToArray();
    }

    private static byte[] MxData((ushort Preference, string Exchange) mx)
    {
        using var rdata = new MemoryStream();
        rdata.WriteByte((byte)(mx.Preference >> 8));
        rdata.WriteByte((byte)mx.Preference);
        foreach (var label in mx.Exchange.Trim('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            rdata.WriteByte((byte)label.Length);
            rdata.Write(Encoding.ASCII.GetBytes(label));
        }

        rdata.WriteByte(0);
        return rdata.ToArray();
    }
}
