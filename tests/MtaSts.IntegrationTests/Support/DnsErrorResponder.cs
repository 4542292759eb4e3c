using System.Net;
using System.Net.Sockets;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// A DNS server on a loopback UDP port that answers every query at once with one error code (RFC 1035 §4.1.1):
/// NXDOMAIN (3, the default) makes DKIM key lookups fail fast and for good, as for a domain without the key; SERVFAIL
/// (2) makes them fail temporarily.
/// </summary>
public sealed class DnsErrorResponder : IDisposable
{
    public const byte NxDomain = 3;
    public const byte ServFail = 2;

    private readonly UdpClient udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource stop = new();

    private readonly byte rcode;

    public DnsErrorResponder(byte rcode = NxDomain)
    {
        this.rcode = rcode;
        _ = AnswerAsync();
    }

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
                var answer = query.Buffer;
                if (answer.Length < 12)
                {
                    continue;
                }

                answer[2] = (byte)(answer[2] | 0x80); // QR: a response
                answer[3] = (byte)((answer[3] & 0x70) | 0x80 | rcode); // RA, the RCODE
                await udp.SendAsync(answer, query.RemoteEndPoint, stop.Token);
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
}
