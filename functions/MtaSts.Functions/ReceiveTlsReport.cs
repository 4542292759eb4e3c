using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MtaSts.Core.Reports;
using MtaSts.Core.Serving;
using MtaSts.Functions.Http;

namespace MtaSts.Functions;

/// <summary>
/// <c>POST /tlsrpt</c>, anonymous: HTTPS delivery of SMTP TLS reports (RFC 8460 §5.4). Only
/// <c>application/tlsrpt+gzip</c> and <c>application/tlsrpt+json</c> (415 otherwise); the body is read through a
/// bounded stream up to <c>Reports:MaxCompressedBytes</c> (413 beyond), stored unchanged in <c>tlsrpt-inbox</c>, and
/// answered 202 at once; parsing happens in <see cref="IngestTlsReport"/>. Refused with 403 when
/// <c>Reports:Dkim</c> is <c>Require</c> (only DKIM-signed e-mail is taken then), and when
/// <c>Proxy:TrustedFrontDoorId</c> is set but the request did not come through that Front Door.
/// </summary>
public sealed class ReceiveTlsReport(ReportReceiver receiver, IOptions<ReportOptions> options, IOptions<ProxyOptions> proxy)
{
    [Function(nameof(ReceiveTlsReport))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tlsrpt")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!FrontDoor.Admits(request, proxy.Value))
        {
            return Problem.Result(403, "Forbidden", ["reports are taken only through this service's Front Door"]);
        }

        if (options.Value.Dkim == DkimMode.Require)
        {
            return Problem.Result(403, "HTTPS reports are not taken", ["this service takes only DKIM-signed reports by e-mail (Reports:Dkim is Require); send the report to the mailto: address of the TLSRPT record"]);
        }

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value?.ToLowerInvariant() : null;
        if (mediaType is not (ReportReceiver.GzipMediaType or ReportReceiver.JsonMediaType))
        {
            return Problem.Result(415, "Unsupported media type", [$"send the report as {ReportReceiver.GzipMediaType} or {ReportReceiver.JsonMediaType} (RFC 8460 §5.4)"]);
        }

        var limit = options.Value.MaxCompressedBytes;
        var body = await BoundedBody.ReadAsync(request, limit, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Problem.Result(413, "The report is too large", [$"at most {limit} bytes are accepted"]);
        }

        if (body.Length == 0)
        {
            return Problem.Result(400, "The report is empty", ["the request has no body"]);
        }

        var name = await receiver.StoreAsync(body, mediaType, ClientAddress.Of(request, proxy.Value), cancellationToken).ConfigureAwait(false);
        return new JsonBodyResult(202, new { status = "accepted", id = name });
    }
}
