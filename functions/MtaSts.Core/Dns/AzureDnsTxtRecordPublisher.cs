using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MtaSts.Core.Dns;

/// <summary>
/// <c>Dns:Provider=AzureDns</c>: TXT record sets of Azure DNS zones through ARM REST (api-version 2018-05-01) on
/// Azure.Core's <see cref="HttpPipeline"/> with a bearer token (the app's managed identity). Writes are conditional:
/// <c>If-Match</c> with the ETag read, or <c>If-None-Match: *</c> when there was no record set; a 412 is a
/// <see cref="DnsConflictException"/>. 429 and 5xx answers are retried after their <c>Retry-After</c>.
/// </summary>
/// <seealso href="https://learn.microsoft.com/rest/api/dns/record-sets"/>
public sealed class AzureDnsTxtRecordPublisher : ITxtRecordPublisher
{
    public const string ApiVersion = "2018-05-01";

    /// <summary>TTL of the record sets we create: short, so a repaired record is seen soon.</summary>
    public const int RecordTtl = 300;

    private readonly HttpPipeline pipeline;
    private readonly string baseUri;
    private readonly ILogger<AzureDnsTxtRecordPublisher> logger;

    public AzureDnsTxtRecordPublisher(IOptions<DnsOptions> dns, TokenCredential credential, AzureDnsClientOptions clientOptions, ILogger<AzureDnsTxtRecordPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(dns);
        var options = dns.Value.AzureDns;
        var endpoint = options.Endpoint.TrimEnd('/');
        baseUri = $"{endpoint}/subscriptions/{Uri.EscapeDataString(options.SubscriptionId ?? string.Empty)}/resourceGroups/{Uri.EscapeDataString(options.ResourceGroup ?? string.Empty)}/providers/Microsoft.Network/dnsZones/";
        pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(credential, endpoint + "/.default"));
        this.logger = logger;
    }

    public string Name => "AzureDns";

    TimeSpan ITxtRecordPublisher.RecordTtl => TimeSpan.FromSeconds(RecordTtl);

    public async Task<TxtRecordSet> ReadAsync(DnsRecordName record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var message = Message(RequestMethod.Get, record);
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status == 404 && ErrorCode(response) == "NotFound")
        {
            // Only "this record set does not exist" means no record: a missing zone or resource group (ParentResourceNotFound,
            // ResourceGroupNotFound) is a configuration error, and taking it for "no record" would let offboarding forget
            // a tenant whose record is still live.
            return TxtRecordSet.Empty;
        }

        EnsureSuccess(response, "read", record);
        var json = JsonNode.Parse(response.Content.ToString());
        var parts = json?["properties"]?["TXTRecords"]?.AsArray()
            .Select(r => (IReadOnlyList<string>)(r?["value"]?.AsArray().Select(v => v?.GetValue<string>() ?? string.Empty).ToArray() ?? []))
            .ToArray() ?? [];
        var etag = json?["etag"]?.GetValue<string>() ?? (response.Headers.TryGetValue("ETag", out var header) ? header : null);
        return new TxtRecordSet(parts.Select(p => string.Concat(p)).ToArray(), etag ?? "*", parts);
    }

    public Task ReplaceStsRecordAsync(DnsRecordName record, string stsRecord, TxtRecordSet current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        return PutAsync(record, current.WithStsRecordStrings(stsRecord), current, cancellationToken);
    }

    public Task DeleteStsRecordsAsync(DnsRecordName record, TxtRecordSet current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        return WriteOrDeleteAsync(record, current.WithStsRecordStrings(null), current, cancellationToken);
    }

    public Task ReplaceTextAsync(DnsRecordName record, string? text, TxtRecordSet current, CancellationToken cancellationToken) =>
        WriteOrDeleteAsync(record, text is null ? [] : [TxtRecordSet.Split(text)], current, cancellationToken);

    private async Task WriteOrDeleteAsync(DnsRecordName record, IReadOnlyList<IReadOnlyList<string>> remaining, TxtRecordSet current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(current);
        if (remaining.Count > 0)
        {
            await PutAsync(record, remaining, current, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (current.Version is null)
        {
            return;
        }

        using var message = Message(RequestMethod.Delete, record);
        message.Request.Headers.Add("If-Match", current.Version);
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 404)
        {
            EnsureSuccess(message.Response, "delete", record);
        }

        logger.LogInformation("Azure DNS: deleted the TXT record set {Name}", record.Name);
    }

    private async Task PutAsync(DnsRecordName record, IReadOnlyList<IReadOnlyList<string>> records, TxtRecordSet current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["TTL"] = RecordTtl,
                ["TXTRecords"] = new JsonArray([.. records.Select(r => (JsonNode)new JsonObject { ["value"] = new JsonArray([.. r.Select(c => (JsonNode)JsonValue.Create(c))]) })]),
            },
        };
        using var message = Message(RequestMethod.Put, record);
        if (current.Version is null)
        {
            message.Request.Headers.Add("If-None-Match", "*");
        }
        else
        {
            message.Request.Headers.Add("If-Match", current.Version);
        }

        message.Request.Headers.Add("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(message.Response, "write", record);
        logger.LogInformation("Azure DNS: wrote the TXT record set {Name} ({Count} records)", record.Name, records.Count);
    }

    private HttpMessage Message(RequestMethod method, DnsRecordName record)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri($"{baseUri}{Uri.EscapeDataString(record.Zone)}/TXT/{Uri.EscapeDataString(record.RelativeName)}?api-version={ApiVersion}"));
        message.Request.Headers.Add("Accept", "application/json");
        return message;
    }

    private static void EnsureSuccess(Response response, string what, DnsRecordName record)
    {
        if (response.Status is >= 200 and < 300)
        {
            return;
        }

        var detail = ErrorMessage(response);
        throw response.Status switch
        {
            412 => new DnsConflictException($"the TXT record set {record.Name} changed since it was read (412)"),
            401 or 403 => new DnsPublishException($"Azure DNS refused to {what} {record.Name} ({response.Status}): give the app's identity 'DNS Zone Contributor' on zone {record.Zone}. {detail}"),
            404 => new DnsPublishException($"Azure DNS has no zone {record.Zone} in Dns:AzureDns:SubscriptionId / ResourceGroup (404). {detail}"),
            _ => new DnsPublishException($"Azure DNS answered {response.Status} to {what} {record.Name}. {detail}"),
        };
    }

    /// <summary>The ARM error code of an answer: <c>{"code": ...}</c> (DNS record sets) or <c>{"error": {"code": ...}}</c>.</summary>
    private static string? ErrorCode(Response response)
    {
        try
        {
            var json = JsonNode.Parse(response.Content.ToString());
            return json?["code"]?.GetValue<string>() ?? json?["error"]?["code"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string ErrorMessage(Response response)
    {
        try
        {
            var message = JsonNode.Parse(response.Content.ToString())?["error"]?["message"]?.GetValue<string>();
            return message is null ? string.Empty : message.Length > 300 ? message[..300] : message;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }
}
