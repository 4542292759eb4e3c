using Microsoft.AspNetCore.Mvc;
using MtaSts.Core.Admin;

namespace MtaSts.Functions.Http;

/// <summary>Maps an <see cref="AdminResult"/> onto HTTP: 201 created, 200 found or changed, 202 offboarding, 204 deleted, 400 / 404 / 409 / 412 problems.</summary>
public static class AdminResults
{
    public static IActionResult From(AdminResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            AdminOutcome.Created => new JsonBodyResult(201, result.Tenant!),
            AdminOutcome.Updated or AdminOutcome.Unchanged or AdminOutcome.Found => new JsonBodyResult(200, result.Tenant!),
            AdminOutcome.Offboarding => new JsonBodyResult(202, result.Tenant!),
            AdminOutcome.Deleted => new StatusCodeResult(204),
            AdminOutcome.NotFound => Problem.Result(404, "Tenant not found", result.Errors),
            AdminOutcome.Conflict => Problem.Result(409, "Concurrent change", result.Errors),
            AdminOutcome.NoRoom => Problem.Result(409, "No Front Door shard has room", result.Errors),
            AdminOutcome.PreconditionFailed => Problem.Result(412, "Precondition failed", result.Errors),
            _ => Problem.Result(400, "The request is invalid", result.Errors),
        };
    }
}
