using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Serving;
using MtaSts.Functions.Http;

namespace MtaSts.Functions;

/// <summary>
/// <c>GET|HEAD /.well-known/mta-sts.txt</c>, anonymous: the tenant's policy file (RFC 8461 §3.3). Every method is
/// bound so that the others get 405 with <c>Allow</c> rather than the host's 404.
/// </summary>
public sealed class ServePolicy(PolicyRequestHandler handler, Microsoft.Extensions.Options.IOptions<PolicyOptions> options)
{
    [Function(nameof(ServePolicy))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = PolicyRequestHandler.Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers;
        var policyRequest = new PolicyRequest(
            request.Method,
            headers.Host.ToString(),
            headers["X-Forwarded-Host"].ToString(),
            headers["X-Azure-FDID"].ToString());
        var response = await handler.HandleAsync(policyRequest, cancellationToken).ConfigureAwait(false);
        return new PolicyFileResult(response, HttpMethods.IsHead(request.Method), options.Value.PolicyCacheControl);
    }
}
