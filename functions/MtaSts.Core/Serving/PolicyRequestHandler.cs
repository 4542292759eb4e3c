using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Serving;

/// <summary>
/// Serves <c>/.well-known/mta-sts.txt</c> (RFC 8461 §3.3): GET and HEAD only (405 with <c>Allow</c> otherwise);
/// the tenant from the Host header, or from <c>X-Forwarded-Host</c> when <c>X-Azure-FDID</c> proves the request
/// came through our Front Door; 200 with the policy, 404 for unknown hosts, 400 for malformed ones, and 503
/// when storage is down and nothing is cached. When <c>Proxy:TrustedFrontDoorId</c> is set, a request without that
/// id did not come through Front Door and is refused (403). Never a redirect: RFC 8461 §3.3 forbids senders to
/// follow one.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-3.3"/>
public sealed class PolicyRequestHandler(PolicyCache cache, IOptions<ProxyOptions> proxy, ILogger<PolicyRequestHandler> logger)
{
    public const string Route = ".well-known/mta-sts.txt";
    public const string Allow = "GET, HEAD";

    private readonly ProxyOptions trusted = proxy.Value;

    public async Task<PolicyResponse> HandleAsync(PolicyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HttpMethods.IsGetOrHead(request.Method))
        {
            return new PolicyResponse(405, null, Allow, "Only GET and HEAD are allowed.");
        }

        if (trusted.TrustedIds.Count > 0 && !trusted.Trusts(request.FrontDoorId))
        {
            return new PolicyResponse(403, null, Message: "Policies are served only through this service's Front Door.");
        }

        var host = SelectHost(request);
        switch (PolicyHost.TryGetTenantDomain(host, out var domain, out var reason))
        {
            case PolicyHostStatus.Malformed:
                logger.LogInformation("Refused policy request for malformed host: {Reason}", reason);
                return new PolicyResponse(400, null, Message: "Bad Host header.");
            case PolicyHostStatus.NotPolicyHost:
                return NotFound;
        }

        var lookup = await cache.GetAsync(domain, cancellationToken).ConfigureAwait(false);
        return lookup.Status switch
        {
            PolicyLookupStatus.Found => new PolicyResponse(200, lookup.Body),
            PolicyLookupStatus.NotFound => NotFound,
            _ => new PolicyResponse(503, null, Message: "The policy is temporarily unavailable."),
        };
    }

    private static PolicyResponse NotFound => new(404, null, Message: "No MTA-STS policy is served for this host.");

    private string? SelectHost(PolicyRequest request)
    {
        if (trusted.Trusts(request.FrontDoorId) && !string.IsNullOrWhiteSpace(request.ForwardedHost))
        {
            var first = request.ForwardedHost.Split(',')[0];
            return first.Trim();
        }

        return request.Host;
    }
}
