using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MtaSts.Core.FrontDoor;

/// <summary>
/// Front Door Standard/Premium through ARM REST (<c>Microsoft.Cdn</c>, api-version <see cref="ApiVersion"/>) on
/// Azure.Core's <see cref="HttpPipeline"/> with a bearer token (the app's managed identity), as the Azure DNS
/// publisher does: custom domains with managed certificates, their validation tokens, the route's custom domain list
/// and the certificate secrets. 429 and 5xx are retried after <c>Retry-After</c> by the pipeline; long-running
/// operations are followed through <c>Azure-AsyncOperation</c> (else <c>Location</c>) for at most
/// <see cref="FrontDoorClientOptions.OperationWait"/>. Every answer is read defensively: bounded sizes, unknown
/// shapes are errors, and a secret id is only followed inside our own resource group.
/// </summary>
/// <seealso href="https://learn.microsoft.com/rest/api/frontdoor/azurefrontdoorstandardpremium/afd-custom-domains"/>
public sealed partial class FrontDoorClient : IFrontDoorClient
{
    public const string ApiVersion = "2025-06-01";

    /// <summary>Larger than any answer of these resources; a bigger one is refused rather than parsed.</summary>
    private const int MaxAnswerBytes = 1 << 20;

    private readonly HttpPipeline pipeline;
    private readonly string endpoint;
    private readonly string resourceGroupPath;
    private readonly string resourceGroupName;
    private readonly FrontDoorClientOptions clientOptions;
    private readonly ILogger<FrontDoorClient> logger;

    public FrontDoorClient(IOptions<FrontDoorOptions> options, TokenCredential credential, FrontDoorClientOptions clientOptions, ILogger<FrontDoorClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientOptions);
        var value = options.Value;
        endpoint = value.Endpoint.TrimEnd('/');
        resourceGroupPath = $"/subscriptions/{Uri.EscapeDataString(value.SubscriptionId ?? string.Empty)}/resourceGroups/{Uri.EscapeDataString(value.ResourceGroup ?? string.Empty)}";
        resourceGroupName = $"/subscriptions/{value.SubscriptionId}/resourceGroups/{value.ResourceGroup}/"; // as ARM writes ids: unescaped
        pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(credential, endpoint + "/.default"));
        this.clientOptions = clientOptions;
        this.logger = logger;
    }

    public string CustomDomainId(FrontDoorShard shard, string name)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return $"{ProfilePath(shard)}/customDomains/{name}";
    }

    public async Task<CustomDomainInfo> PutCustomDomainAsync(FrontDoorShard shard, string name, string hostName, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["hostName"] = hostName,
                ["tlsSettings"] = new JsonObject { ["certificateType"] = "ManagedCertificate", ["minimumTlsVersion"] = "TLS12" },
            },
        };
        var path = CustomDomainId(shard, name);
        var answer = await SendAsync(RequestMethod.Put, path, body, $"create the custom domain {hostName}", cancellationToken).ConfigureAwait(false);
        await WaitAsync(answer, $"create the custom domain {hostName}", cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Front Door: custom domain {HostName} is on profile {Profile}", hostName, shard.Profile);
        return await GetCustomDomainAsync(shard, name, cancellationToken).ConfigureAwait(false)
            ?? throw new FrontDoorException($"Front Door does not show the custom domain {hostName} it just accepted on profile {shard.Profile}");
    }

    public async Task<CustomDomainInfo?> GetCustomDomainAsync(FrontDoorShard shard, string name, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(RequestMethod.Get, CustomDomainId(shard, name), null, $"read the custom domain {name}", cancellationToken, notFoundIsNull: true).ConfigureAwait(false);
        return answer is null ? null : ReadCustomDomain(answer.Json, name);
    }

    public async Task RefreshValidationTokenAsync(FrontDoorShard shard, string name, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(RequestMethod.Post, CustomDomainId(shard, name) + "/refreshValidationToken", null, $"refresh the validation token of {name}", cancellationToken).ConfigureAwait(false);
        await WaitAsync(answer, $"refresh the validation token of {name}", cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Front Door: refreshed the validation token of custom domain {Name}", name);
    }

    public async Task DeleteCustomDomainAsync(FrontDoorShard shard, string name, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(RequestMethod.Delete, CustomDomainId(shard, name), null, $"delete the custom domain {name}", cancellationToken, notFoundIsNull: true).ConfigureAwait(false);
        if (answer is not null)
        {
            await WaitAsync(answer, $"delete the custom domain {name}", cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Front Door: deleted custom domain {Name} from profile {Profile}", name, shard.Profile);
    }

    public async Task<IReadOnlyList<string>> GetRouteDomainsAsync(FrontDoorShard shard, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(RequestMethod.Get, RoutePath(shard), null, $"read route {shard.Route}", cancellationToken).ConfigureAwait(false);
        var domains = answer!.Json["properties"]?["customDomains"];
        if (domains is null)
        {
            return [];
        }

        if (domains is not JsonArray array || array.Count > 10_000)
        {
            throw new FrontDoorException($"Front Door answered an unreadable customDomains list for route {shard.Route}");
        }

        return [.. array.Select(d => d?["id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : throw new FrontDoorException($"Front Door answered a custom domain without id on route {shard.Route}"))];
    }

    public async Task SetRouteDomainsAsync(FrontDoorShard shard, IReadOnlyList<string> customDomainIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customDomainIds);
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["customDomains"] = new JsonArray([.. customDomainIds.Select(id => (JsonNode)new JsonObject { ["id"] = id })]),
            },
        };
        var answer = await SendAsync(RequestMethod.Patch, RoutePath(shard), body, $"update the custom domains of route {shard.Route}", cancellationToken).ConfigureAwait(false);
        await WaitAsync(answer, $"update the custom domains of route {shard.Route}", cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Front Door: route {Route} of profile {Profile} now lists {Count} custom domains", shard.Route, shard.Profile, customDomainIds.Count);
    }

    public async Task<IReadOnlyList<string>?> GetProtectedDomainsAsync(FrontDoorShard shard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shard);
        if (string.IsNullOrEmpty(shard.SecurityPolicy))
        {
            return null;
        }

        var (_, domains) = await ReadSecurityPolicyAsync(shard, cancellationToken).ConfigureAwait(false);
        return [.. domains.Select(d => d?["id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : throw new FrontDoorException($"Front Door answered a domain without id in security policy {shard.SecurityPolicy}"))];
    }

    public async Task SetProtectedDomainsAsync(FrontDoorShard shard, IReadOnlyList<string> domainIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainIds);
        var (parameters, _) = await ReadSecurityPolicyAsync(shard, cancellationToken).ConfigureAwait(false);
        var updated = parameters.DeepClone().AsObject();
        updated["associations"]![0]!["domains"] = new JsonArray([.. domainIds.Select(id => (JsonNode)new JsonObject { ["id"] = id })]);
        var body = new JsonObject { ["properties"] = new JsonObject { ["parameters"] = updated } };
        var what = $"update the domains of security policy {shard.SecurityPolicy}";
        var answer = await SendAsync(RequestMethod.Patch, SecurityPolicyPath(shard), body, what, cancellationToken).ConfigureAwait(false);
        await WaitAsync(answer, what, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Front Door: security policy {Policy} of profile {Profile} now covers {Count} domains", shard.SecurityPolicy, shard.Profile, domainIds.Count);
    }

    public async Task<DateTimeOffset?> GetCertificateExpiryAsync(string secretId, CancellationToken cancellationToken)
    {
        if (!SecretIdPattern().IsMatch(secretId ?? string.Empty) || !secretId!.StartsWith(resourceGroupName, StringComparison.OrdinalIgnoreCase))
        {
            throw new FrontDoorException($"Front Door named a certificate secret outside this resource group: '{Truncated(secretId)}'");
        }

        var path = resourceGroupPath + "/" + secretId[resourceGroupName.Length..];
        var answer = await SendAsync(RequestMethod.Get, path, null, "read a certificate secret", cancellationToken, notFoundIsNull: true).ConfigureAwait(false);
        return answer is null ? null : Date(answer.Json["properties"]?["parameters"]?["expirationDate"]);
    }

    private string ProfilePath(FrontDoorShard shard) =>
        $"{resourceGroupPath}/providers/Microsoft.Cdn/profiles/{Uri.EscapeDataString(shard.Profile)}";

    private string SecurityPolicyPath(FrontDoorShard shard) =>
        $"{ProfilePath(shard)}/securityPolicies/{Uri.EscapeDataString(shard.SecurityPolicy)}";

    /// <summary>The WAF policy's parameters and its first association's domain list, which must be there to be kept.</summary>
    private async Task<(JsonObject Parameters, JsonArray Domains)> ReadSecurityPolicyAsync(FrontDoorShard shard, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(RequestMethod.Get, SecurityPolicyPath(shard), null, $"read security policy {shard.SecurityPolicy}", cancellationToken).ConfigureAwait(false);
        if (answer!.Json["properties"]?["parameters"] is not JsonObject parameters
            || parameters["associations"] is not JsonArray { Count: > 0 } associations
            || associations[0]?["domains"] is not JsonArray { Count: <= 10_000 } domains)
        {
            throw new FrontDoorException($"Front Door's security policy {shard.SecurityPolicy} on profile {shard.Profile} has no association to add domains to: is it the WAF policy the Bicep makes?");
        }

        return (parameters, domains);
    }

    private string RoutePath(FrontDoorShard shard) =>
        $"{ProfilePath(shard)}/afdEndpoints/{Uri.EscapeDataString(shard.Endpoint)}/routes/{Uri.EscapeDataString(shard.Route)}";

    private async Task<ArmAnswer?> SendAsync(RequestMethod method, string path, JsonNode? body, string what, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        using var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri($"{endpoint}{path}?api-version={ApiVersion}"));
        message.Request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
        }
        else if (method == RequestMethod.Post)
        {
            message.Request.Content = RequestContent.Create(BinaryData.FromString("{}"));
            message.Request.Headers.Add("Content-Type", "application/json");
        }

        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status == 404 && notFoundIsNull)
        {
            return null;
        }

        if (response.Status is < 200 or >= 300)
        {
            throw Failure(response, what);
        }

        var monitor = response.Headers.TryGetValue("Azure-AsyncOperation", out var asyncOperation) ? asyncOperation
            : response.Headers.TryGetValue("Location", out var location) ? location : null;
        return new ArmAnswer(Parse(response, what), response.Status, monitor, RetryAfterSeconds(response));
    }

    /// <summary>Follows a long-running operation (201/202 with <c>Azure-AsyncOperation</c> or <c>Location</c>) to its end, within the wait bound.</summary>
    private async Task WaitAsync(ArmAnswer? answer, string what, CancellationToken cancellationToken)
    {
        if (answer is not { Status: 201 or 202, Monitor: { } monitor } || !Uri.TryCreate(monitor, UriKind.Absolute, out var monitorUri) || !SameAuthority(monitorUri))
        {
            return; // done, or nothing (safe) to follow: the caller reads the resource again
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var delay = PollDelay(answer.RetryAfterSeconds);
        while (System.Diagnostics.Stopwatch.GetElapsedTime(started) + delay <= clientOptions.OperationWait)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            using var poll = pipeline.CreateMessage();
            poll.Request.Method = RequestMethod.Get;
            poll.Request.Uri.Reset(monitorUri);
            poll.Request.Headers.Add("Accept", "application/json");
            await pipeline.SendAsync(poll, cancellationToken).ConfigureAwait(false);
            var status = poll.Response;
            if (status.Status is < 200 or >= 300)
            {
                throw Failure(status, what);
            }

            var state = status.Status == 202 ? "InProgress" : (Parse(status, what)["status"] as JsonValue)?.TryGetValue<string>(out var text) == true ? text : "Succeeded";
            switch (state)
            {
                case "Succeeded":
                    return;
                case "Failed" or "Canceled":
                    var error = Parse(status, what)["error"];
                    throw new FrontDoorException($"Front Door could not {what}: {Truncated(error?["message"]?.ToString() ?? state)}", 200, error?["code"]?.ToString());
                default:
                    delay = PollDelay(RetryAfterSeconds(status));
                    break;
            }
        }

        logger.LogInformation("Front Door: the operation to {What} is still running; the next run reads the result", what);
    }

    private bool SameAuthority(Uri uri) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var arm) && uri.Scheme == Uri.UriSchemeHttps && string.Equals(uri.Authority, arm.Authority, StringComparison.OrdinalIgnoreCase);

    private static int? RetryAfterSeconds(Response response) =>
        response.Headers.TryGetValue("Retry-After", out var header) && int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private TimeSpan PollDelay(int? retryAfterSeconds)
    {
        var delay = TimeSpan.FromSeconds(Math.Clamp(retryAfterSeconds ?? 5, 1, 60));
        return delay < clientOptions.MinPollDelay ? clientOptions.MinPollDelay : delay > clientOptions.MaxPollDelay ? clientOptions.MaxPollDelay : delay;
    }

    private static JsonNode Parse(Response response, string what)
    {
        var content = response.Content;
        if (content.ToMemory().Length > MaxAnswerBytes)
        {
            throw new FrontDoorException($"Front Door's answer to {what} is larger than {MaxAnswerBytes} bytes");
        }

        if (content.ToMemory().Length == 0)
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(content.ToString(), documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) ?? new JsonObject();
        }
        catch (JsonException e)
        {
            throw new FrontDoorException($"Front Door's answer to {what} is not JSON", e);
        }
    }

    private static CustomDomainInfo ReadCustomDomain(JsonNode json, string name)
    {
        var properties = json["properties"] as JsonObject ?? throw new FrontDoorException($"Front Door answered custom domain {name} without properties");
        var validation = properties["validationProperties"];
        return new CustomDomainInfo(
            Text(properties["hostName"], 253) ?? throw new FrontDoorException($"Front Door answered custom domain {name} without hostName"),
            Text(validation?["validationToken"], 256) is { Length: > 0 } token ? token : null,
            Date(validation?["expirationDate"]),
            Text(properties["domainValidationState"], 64) ?? "Unknown",
            Text(properties["deploymentStatus"], 64) ?? "NotStarted",
            Text(properties["provisioningState"], 64) ?? "Unknown",
            Text(properties["tlsSettings"]?["secret"]?["id"], 1024));
    }

    private static string? Text(JsonNode? node, int maxLength) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length <= maxLength ? text : null;

    private static DateTimeOffset? Date(JsonNode? node) =>
        Text(node, 64) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    private static FrontDoorException Failure(Response response, string what)
    {
        string? code = null;
        var message = string.Empty;
        try
        {
            var json = response.Content.ToMemory().Length is > 0 and <= MaxAnswerBytes ? JsonNode.Parse(response.Content.ToString()) : null;
            var error = json?["error"] ?? json;
            code = Text(error?["code"], 128);
            message = Text(error?["message"], 4096) ?? string.Empty;
        }
        catch (JsonException)
        {
        }

        var hint = response.Status switch
        {
            401 or 403 => " Give the app's identity 'CDN Profile Contributor' on the Front Door profiles (FrontDoor:Shards).",
            404 when code is "ResourceNotFound" or "ParentResourceNotFound" or "ResourceGroupNotFound" => " Check FrontDoor:SubscriptionId, FrontDoor:ResourceGroup and the shard's profile, endpoint and route names.",
            _ => string.Empty,
        };
        return new FrontDoorException($"Front Door answered {response.Status}{(code is null ? string.Empty : " " + code)} to {what}: {Truncated(message)}{hint}", response.Status, code);
    }

    private static string Truncated(string? text) => text is null ? string.Empty : text.Length > 300 ? text[..300] : text;

    [GeneratedRegex(@"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Cdn/profiles/[A-Za-z0-9-]{1,260}/secrets/[A-Za-z0-9-]{1,260}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretIdPattern();
}
