using System.Net;
using Microsoft.AspNetCore.Http;
using MtaSts.Core.Serving;

namespace MtaSts.Functions.Http;

/// <summary>
/// The client's address, as far as it can be known: behind our Front Door (proven by <c>X-Azure-FDID</c>) the
/// <c>X-Azure-SocketIP</c> header, which Front Door sets to the address of the connection it accepted; otherwise the
/// connection's own address. <c>X-Forwarded-For</c> is never used: its first entry is whatever the client sent.
/// </summary>
public static class ClientAddress
{
    public static string? Of(HttpRequest request, ProxyOptions proxy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(proxy);
        var trusted = proxy.Trusts(request.Headers["X-Azure-FDID"].ToString());
        if (trusted && IPAddress.TryParse(request.Headers["X-Azure-SocketIP"].ToString().Trim(), out var socket))
        {
            return socket.ToString();
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString();
    }
}
