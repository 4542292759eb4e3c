using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Admin;
using MtaSts.Core.Dashboard;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Dashboard;

/// <summary>
/// <c>POST /api/tenants/{domain}/share</c> with <c>{"days": N}</c>: a read-only link to the tenant's dashboard page,
/// answered <c>201 {"url": ..., "domain": ..., "expiresAt": ...}</c> (<see cref="ShareLinks"/>).
/// </summary>
public sealed class CreateShareLink(ShareLinks links)
{
    [Function(nameof(CreateShareLink))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/tenants/{domain}/share")] HttpRequest request,
        string domain,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await BoundedBody.ReadAsync(request, ShareLinks.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Problem.Result(413, "The request body is too large", [$"send at most {ShareLinks.MaxBodyBytes} bytes"]);
        }

        var (link, outcome, errors) = await links.CreateAsync(domain, body, $"{request.Scheme}://{request.Host}", cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            AdminOutcome.Created => new JsonBodyResult(201, link!),
            AdminOutcome.NotFound => Problem.Result(404, "Tenant not found", errors),
            AdminOutcome.Conflict => Problem.Result(409, "Share links are off", errors),
            _ => Problem.Result(400, "The request is invalid", errors),
        };
    }
}
