using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Admin;
using MtaSts.Core.Reports;
using MtaSts.Functions.Http;

namespace MtaSts.Functions.Admin;

/// <summary><c>GET /api/tenants/{domain}/reports?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c>: the tenant's TLS report summary.</summary>
public sealed class GetReportSummary(ReportSummaryService summaries)
{
    [Function(nameof(GetReportSummary))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/tenants/{domain}/reports")] HttpRequest request,
        string domain,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (summary, outcome, errors) = await summaries.GetAsync(domain, request.Query["from"], request.Query["to"], cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            AdminOutcome.Found => new JsonBodyResult(200, summary!),
            AdminOutcome.NotFound => Problem.Result(404, "Tenant not found", errors),
            _ => Problem.Result(400, "The request is invalid", errors),
        };
    }
}
