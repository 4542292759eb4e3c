using System.Net;
using System.Net.Sockets;

namespace MtaSts.IntegrationTests.Support;

/// <summary>A free TCP port on 127.0.0.1, chosen by the kernel from its ephemeral range.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
