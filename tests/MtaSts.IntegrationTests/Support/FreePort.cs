using System.Net;
using System.Net.Sockets;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// A free TCP port on 127.0.0.1 for a test server to listen on, below the kernel's ephemeral range (32768 and up on
/// Linux): a port from that range can be taken as the source port of any outgoing connection between the moment it is
/// chosen and the moment the server binds it. Ports are chosen at random, never handed out twice by this process, and
/// checked by binding them once.
/// </summary>
public static class FreePort
{
    private const int First = 20000;
    private const int Last = 32000;
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (!Given.Add(port))
                {
                    continue;
                }

                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port)); // BIND listens on both
                    return port;
                }
                catch (SocketException)
                {
                }
            }

            throw new InvalidOperationException($"no free port between {First} and {Last}");
        }
    }
}
