using Microsoft.AspNetCore.Http;
using MtaSts.Core.Serving;

namespace MtaSts.Functions.Http;

/// <summary>
/// Whether an anonymous request may be answered: when <c>Proxy:TrustedFrontDoorId</c> is set, only requests that carry
/// one of our profiles' ids in <c>X-Azure-FDID</c> (Front Door sets it and overwrites whatever a client sent), so the app
/// cannot be used around Front Door's WAF and rate limits; without the setting, every request.
/// </summary>
public static class FrontDoor
{
    public static bool Admits(HttpRequest request, ProxyOptions proxy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(proxy);
        return proxy.TrustedIds.Count == 0 || proxy.Trusts(request.Headers["X-Azure-FDID"].ToString());
    }
}
