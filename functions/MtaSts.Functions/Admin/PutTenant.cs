using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Admin;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Admin;

/// <summary>
/// <c>PUT /api/tenants/{domain}</c>: create a tenant or change its policy (201 new, 200 existing, 400 with every
/// problem). <c>If-None-Match: *</c> only creates; <c>If-Match: "v{policyVersion}"</c> only changes that version (412
/// otherwise).
/// </summary>
public sealed class PutTenant(TenantAdmin admin)
{
    [Function(nameof(PutTenant))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/tenants/{domain}")] HttpRequest request,
        string domain,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await BoundedBody.ReadAsync(request, TenantRequestReader.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Problem.Result(413, "The request body is too large", [$"send at most {TenantRequestReader.MaxBodyBytes} bytes"]);
        }

        var (condition, problem) = PutCondition.Read(request.Headers.IfNoneMatch.ToString(), request.Headers.IfMatch.ToString());
        if (condition is null)
        {
            return Problem.Result(400, "The request is invalid", [problem!]);
        }

        return AdminResults.From(await admin.PutAsync(domain, body, condition, cancellationToken).ConfigureAwait(false));
    }
}
