using Microsoft.AspNetCore.Http;
using MtaSts.Core.Serving;

namespace MtaSts.Functions.Http;

/// <summary>The client's address: the first <c>X-Forwarded-For</c> entry behind our Front Door (proven by <c>X-Azure-FDID</c>), else the connection's.</summary>
public static class ClientAddress
{
    public static string? Of(HttpRequest request, ProxyOptions proxy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(proxy);
        var trusted = !string.IsNullOrWhiteSpace(proxy.TrustedFrontDoorId)
            && string.Equals(request.Headers["X-Azure-FDID"].ToString().Trim(), proxy.TrustedFrontDoorId.Trim(), StringComparison.OrdinalIgnoreCase);
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        return trusted && forwarded.Length > 0 ? forwarded.Split(',')[0].Trim() : request.HttpContext.Connection.RemoteIpAddress?.ToString();
    }
}
