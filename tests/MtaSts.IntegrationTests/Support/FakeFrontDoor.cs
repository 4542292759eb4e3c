using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// A local HTTPS stand-in for the ARM API of Azure Front Door Standard/Premium (<c>Microsoft.Cdn</c>, api-version
/// 2025-06-01), for the custom domains of one or more profiles and the routes that serve them.
/// </summary>
/// <remarks>
/// <para>Models, as the swagger (<c>specification/cdn/resource-manager/Microsoft.Cdn/stable/2025-06-01/afdx.json</c>),
/// its examples and the Front Door documentation describe them (see <c>/tmp/afd-api.md</c> for sources):</para>
/// <list type="bullet">
/// <item>custom domains: PUT (201 new / 200 existing), PATCH (202), GET, list, DELETE (202, 204 if absent) and
/// <c>refreshValidationToken</c> (202), each a long-running operation with <c>Azure-AsyncOperation</c> and
/// <c>Location</c> headers pointing at this server, completing after <see cref="PollsPerOperation"/> polls;</item>
/// <item>validation: Submitting while created, then Pending with a random token valid seven days; Approved once
/// <c>_dnsauth.{hostName}</c> has the token in DNS (asked on every GET and poll, CNAMEs followed), TimedOut past the
/// expiry; RefreshingValidationToken then Pending with a new token on refresh;</item>
/// <item>the managed certificate: once a domain is Approved and on a route, a <c>secrets/{name}</c> resource appears
/// (valid 180 days) and <c>deploymentStatus</c> goes NotStarted → InProgress → Succeeded over
/// <see cref="DeploymentSteps"/>+1 GETs or polls;</item>
/// <item>routes: GET, PUT and PATCH whose <c>customDomains</c> replaces the whole list, without ETags, so concurrent
/// writers lose each other's entries; unknown domains, domains on another endpoint, clashing paths and domain-less routes
/// are refused;</item>
/// <item>ARM's answers without <c>api-version</c> (400), without a bearer token (401), with another api-version (400),
/// for a missing profile (404 ParentResourceNotFound) or resource (404 NotFound); 429 with <c>Retry-After</c>, 500
/// and failed operations on demand (<see cref="ThrottleNext"/>, <see cref="FailNext"/>, <see cref="FailNextOperations"/>);</item>
/// <item>profile capacity, host names unique across all profiles (409), punycode and Unicode host names refused.</item>
/// </list>
/// <para>Does not model: profiles, endpoints, origins, origin groups, rule sets or security policies as resources
/// (profiles and routes are made by <see cref="AddProfile"/> and <see cref="AddRoute"/>), customer certificates,
/// pre-validated domains, Azure DNS zone integration, CNAME checks, certificate auto-renewal, the 45-day
/// PendingRevalidation window (use <see cref="ForceValidationState"/>), paging, tags, ETags, real authentication,
/// or the exact text of errors that the sources did not show (marked unconfirmed in /tmp/afd-api.md).</para>
/// </remarks>
public sealed partial class FakeFrontDoor : IAsyncDisposable
{
    public const string ApiVersion = "2025-06-01";
    public const string DefaultSubscription = "00000000-0000-0000-0000-000000000000";
    public const string DefaultResourceGroup = "rg-frontdoor";
    public const int StandardCapacity = 100;
    public const int PremiumCapacity = 500;

    private const string ProfilePath = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Cdn/profiles/{profile}";

    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(180);

    private static readonly string[] ValidationStates =
        ["Unknown", "Submitting", "Pending", "Rejected", "TimedOut", "PendingRevalidation", "Approved", "RefreshingValidationToken", "InternalError"];

    private readonly Lock gate = new();
    private readonly WebApplication app;
    private readonly FakeFrontDoorTxtValidator? validator;
    private readonly Dictionary<string, FakeFrontDoorProfile> profiles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FakeFrontDoorOperation> operations = new(StringComparer.OrdinalIgnoreCase);
    private int requests;
    private int throttleNext;
    private int failNext;
    private int failNextOperations;

    private FakeFrontDoor(WebApplication app, X509Certificate2 certificate, string endpoint, IPEndPoint? dnsServer, TimeProvider time)
    {
        this.app = app;
        Certificate = certificate;
        Endpoint = endpoint;
        Time = time;
        validator = dnsServer is null ? null : new FakeFrontDoorTxtValidator(dnsServer);
    }

    /// <summary>The server's certificate (issued for <c>localhost</c> by a throw-away CA); trust it by thumbprint.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The throw-away CA that signed <see cref="Certificate"/>, for a process's trust store (<c>SSL_CERT_FILE</c>).</summary>
    public string CaPem { get; private set; } = string.Empty;

    /// <summary>The base address, e.g. <c>https://localhost:12345</c>, standing in for <c>https://management.azure.com</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The clock for token and certificate expiry.</summary>
    public TimeProvider Time { get; }

    /// <summary>The poll of an operation that completes it (1 = the first poll); default 2.</summary>
    public int PollsPerOperation { get; set; } = 2;

    /// <summary>GETs or polls a deployment stays InProgress before Succeeded; default 2.</summary>
    public int DeploymentSteps { get; set; } = 2;

    /// <summary>The <c>Retry-After</c> sent with long-running operations and Location polls; null sends none.</summary>
    public int? PollRetryAfterSeconds { get; set; } = 0;

    /// <summary>Whether host names with <c>xn--</c> labels are accepted (refused by default; see /tmp/afd-api.md).</summary>
    public bool AllowPunycodeHostNames { get; set; }

    /// <summary>How many of the next requests get 429 with <c>Retry-After: 1</c>.</summary>
    public int ThrottleNext
    {
        get => Volatile.Read(ref throttleNext);
        set => Volatile.Write(ref throttleNext, value);
    }

    /// <summary>How many of the next requests get 500 InternalServerError.</summary>
    public int FailNext
    {
        get => Volatile.Read(ref failNext);
        set => Volatile.Write(ref failNext, value);
    }

    /// <summary>How many of the next long-running operations end Failed (the resource's provisioningState Failed).</summary>
    public int FailNextOperations
    {
        get => Volatile.Read(ref failNextOperations);
        set => Volatile.Write(ref failNextOperations, value);
    }

    /// <summary>Requests received, throttled and failed ones included.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>"METHOD path?query" of every request, in arrival order.</summary>
    public ConcurrentQueue<string> RequestLog { get; } = new();

    /// <param name="dnsServer">Where to look for <c>_dnsauth</c> TXT records; null leaves domains Pending until forced.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public static async Task<FakeFrontDoor> StartAsync(IPEndPoint? dnsServer = null, TimeProvider? timeProvider = null)
    {
        var work = Directory.CreateTempSubdirectory("mtasts-afd-").FullName;
        TestCertificates.Write(work, "localhost");
        var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(work, "server.pem"), Path.Combine(work, "server.key"));
        var caPem = await File.ReadAllTextAsync(Path.Combine(work, "ca.pem"));
        Directory.Delete(work, recursive: true);
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.UseHttps(certificate)));
        var app = builder.Build();
        var fake = new FakeFrontDoor(app, certificate, $"https://localhost:{port}", dnsServer, timeProvider ?? TimeProvider.System);
        fake.CaPem = caPem;
        app.Use(fake.PipelineAsync);
        app.MapGet(ProfilePath + "/customDomains", fake.ListDomainsAsync);
        app.MapGet(ProfilePath + "/customDomains/{name}", fake.GetDomainAsync);
        app.MapPut(ProfilePath + "/customDomains/{name}", fake.PutDomainAsync);
        app.MapPatch(ProfilePath + "/customDomains/{name}", fake.PatchDomainAsync);
        app.MapDelete(ProfilePath + "/customDomains/{name}", fake.DeleteDomainAsync);
        app.MapPost(ProfilePath + "/customDomains/{name}/refreshValidationToken", fake.RefreshTokenAsync);
        app.MapGet(ProfilePath + "/secrets/{secret}", fake.GetSecretAsync);
        app.MapGet(ProfilePath + "/afdEndpoints/{endpoint}/routes/{route}", fake.GetRouteAsync);
        app.MapPut(ProfilePath + "/afdEndpoints/{endpoint}/routes/{route}", fake.PutRouteAsync);
        app.MapPatch(ProfilePath + "/afdEndpoints/{endpoint}/routes/{route}", fake.PatchRouteAsync);
        app.MapGet(ProfilePath + "/securityPolicies/{policy}", fake.GetSecurityPolicyAsync);
        app.MapPatch(ProfilePath + "/securityPolicies/{policy}", fake.PatchSecurityPolicyAsync);
        app.MapGet("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Cdn/operationresults/{id}", fake.GetOperationAsync);
        app.MapFallback(context => throw new FakeFrontDoorError(404, "NotFound", $"No HTTP resource was found that matches the request URI '{context.Request.Path}'."));
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        Certificate.Dispose();
    }

    /// <summary>Adds an empty profile (Standard holds <see cref="StandardCapacity"/> custom domains, Premium <see cref="PremiumCapacity"/>).</summary>
    public void AddProfile(string name, int capacity = StandardCapacity, string subscriptionId = DefaultSubscription, string resourceGroup = DefaultResourceGroup)
    {
        lock (gate)
        {
            profiles[$"{subscriptionId}/{resourceGroup}/{name}"] = new FakeFrontDoorProfile(subscriptionId, resourceGroup, name, capacity);
        }
    }

    /// <summary>Adds a route (and its endpoint) with no custom domains, serving <paramref name="patternsToMatch"/> (default <c>/*</c>).</summary>
    public void AddRoute(string profile, string endpoint, string route, bool linkToDefaultDomain = false, params string[] patternsToMatch)
    {
        lock (gate)
        {
            var owner = ProfileNamed(profile);
            var routes = owner.Endpoints.TryGetValue(endpoint, out var found) ? found : owner.Endpoints[endpoint] = new(StringComparer.OrdinalIgnoreCase);
            var added = new FakeFrontDoorRoute(owner, endpoint, route)
            {
                OriginGroupId = $"{owner.Id}/origingroups/og-{endpoint}",
                LinkToDefaultDomain = linkToDefaultDomain ? "Enabled" : "Disabled",
                DeploymentStatus = "Succeeded",
            };
            if (patternsToMatch.Length > 0)
            {
                added.PatternsToMatch.Clear();
                added.PatternsToMatch.AddRange(patternsToMatch);
            }

            routes[route] = added;
        }
    }

    /// <summary>The ARM id of a profile, as the fake writes ids (lower-case <c>resourcegroups</c>).</summary>
    public string ProfileId(string profile)
    {
        lock (gate)
        {
            return ProfileNamed(profile).Id;
        }
    }

    /// <summary>The id a client puts in a route's <c>customDomains</c>: <c>…/profiles/{p}/customDomains/{name}</c>.</summary>
    public string CustomDomainId(string profile, string customDomain) => $"{ProfileId(profile)}/customdomains/{customDomain}";

    /// <summary><see cref="Endpoint"/> + <paramref name="path"/> + <c>?api-version=2025-06-01</c>.</summary>
    public Uri Url(string path) => new($"{Endpoint}{path}?api-version={ApiVersion}");

    /// <summary>The URL of a custom domain under a profile of the default subscription and resource group.</summary>
    public Uri CustomDomainUrl(string profile, string customDomain) => Url($"{ProfileId(profile)}/customDomains/{customDomain}");

    public Uri RouteUrl(string profile, string endpoint, string route) => Url($"{ProfileId(profile)}/afdEndpoints/{endpoint}/routes/{route}");

    public IReadOnlyList<FakeFrontDoorDomainSnapshot> CustomDomains(string profile)
    {
        lock (gate)
        {
            return [.. ProfileNamed(profile).Domains.Values.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => d.Snapshot(DeploymentSteps))];
        }
    }

    public FakeFrontDoorDomainSnapshot? CustomDomain(string profile, string customDomain)
    {
        lock (gate)
        {
            return ProfileNamed(profile).Domains.TryGetValue(customDomain, out var domain) ? domain.Snapshot(DeploymentSteps) : null;
        }
    }

    /// <summary>Adds a WAF security policy whose one association covers <paramref name="endpoint"/> (as infra/modules/frontdoor.bicep makes it).</summary>
    public void AddSecurityPolicy(string profile, string name, string endpoint)
    {
        lock (gate)
        {
            var owner = ProfileNamed(profile);
            owner.SecurityPolicies[name] = [$"{owner.Id}/afdendpoints/{endpoint}"];
        }
    }

    /// <summary>The domain ids a security policy's association covers, as last written.</summary>
    public IReadOnlyList<string> SecurityPolicyDomains(string profile, string name)
    {
        lock (gate)
        {
            return [.. ProfileNamed(profile).SecurityPolicies[name]];
        }
    }

    /// <summary>The ids in a route's <c>customDomains</c>, as last written.</summary>
    public IReadOnlyList<string> RouteCustomDomains(string profile, string endpoint, string route)
    {
        lock (gate)
        {
            return [.. ProfileNamed(profile).Endpoints[endpoint][route].CustomDomainIds];
        }
    }

    /// <summary>
    /// Puts a domain in a validation state as Front Door would: PendingRevalidation issues a new token valid seven days,
    /// Approved approves (renewing the certificate after PendingRevalidation), anything else is set as is.
    /// </summary>
    public void ForceValidationState(string profile, string customDomain, string state)
    {
        if (!ValidationStates.Contains(state, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Not a DomainValidationState: {state}", nameof(state));
        }

        lock (gate)
        {
            var domain = ProfileNamed(profile).Domains[customDomain];
            switch (state)
            {
                case "Approved":
                    Approve(domain);
                    break;
                case "PendingRevalidation":
                    domain.ValidationState = state;
                    IssueToken(domain);
                    break;
                default:
                    domain.ValidationState = state;
                    break;
            }
        }
    }

    /// <summary>Finds the custom domain name in <paramref name="id"/> if it is a custom domain of <paramref name="profile"/>.</summary>
    internal static string? DomainNameOf(FakeFrontDoorProfile profile, string id)
    {
        var parts = id.Trim('/').Split('/');
        static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        return parts.Length == 10
            && Is(parts[0], "subscriptions") && Is(parts[1], profile.SubscriptionId)
            && Is(parts[2], "resourceGroups") && Is(parts[3], profile.ResourceGroup)
            && Is(parts[4], "providers") && Is(parts[5], "Microsoft.Cdn")
            && Is(parts[6], "profiles") && Is(parts[7], profile.Name)
            && Is(parts[8], "customDomains")
            ? parts[9]
            : null;
    }

    private async Task PipelineAsync(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref requests);
        RequestLog.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        try
        {
            // ARM checks the api-version before the token: management.azure.com answers a browser with this.
            var apiVersion = context.Request.Query["api-version"].ToString();
            if (apiVersion.Length == 0)
            {
                throw new FakeFrontDoorError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
            }

            var authorization = context.Request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= "Bearer ".Length)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The authentication failed because of missing 'Authorization' header.\"";
                throw new FakeFrontDoorError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
            }

            if (apiVersion != ApiVersion)
            {
                throw new FakeFrontDoorError(400, "NoRegisteredProviderFound", $"No registered resource provider found for location 'global' and API version '{apiVersion}' for type 'profiles'. The supported api-versions are '{ApiVersion}'. The supported locations are 'global'.");
            }

            if (TryTake(ref throttleNext))
            {
                context.Response.Headers.RetryAfter = "1";
                throw new FakeFrontDoorError(429, "TooManyRequests", "The request is being throttled (injected by the test).");
            }

            if (TryTake(ref failNext))
            {
                throw new FakeFrontDoorError(500, "InternalServerError", "An internal error occurred (injected by the test).");
            }

            await next(context);
        }
        catch (FakeFrontDoorError error)
        {
            context.Response.StatusCode = error.Status;
            await WriteJsonAsync(context.Response, new JsonObject { ["error"] = new JsonObject { ["code"] = error.Code, ["message"] = error.Message } });
        }
    }

    private async Task ListDomainsAsync(HttpContext context)
    {
        List<FakeFrontDoorDomain> domains;
        lock (gate)
        {
            domains = [.. ProfileOf(context, "read", "customdomains").Domains.Values];
        }

        await RefreshAsync(domains);
        JsonObject list;
        lock (gate)
        {
            list = new JsonObject { ["value"] = new JsonArray([.. domains.Where(d => !d.Gone).OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => (JsonNode)d.ToJson(DeploymentSteps))]) };
        }

        await WriteJsonAsync(context.Response, list);
    }

    private async Task GetDomainAsync(HttpContext context)
    {
        FakeFrontDoorDomain domain;
        lock (gate)
        {
            domain = DomainOf(ProfileOf(context, "read", "customdomains"), context);
        }

        await RefreshAsync([domain]);
        JsonObject json;
        lock (gate)
        {
            json = domain.Gone ? throw NotFound(context) : domain.ToJson(DeploymentSteps);
        }

        await WriteJsonAsync(context.Response, json);
    }

    private async Task PutDomainAsync(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        var properties = (await ReadBodyAsync(context))["properties"] as JsonObject ?? throw BadRequest("The request body must have 'properties'.");
        var hostName = Text(properties, "hostName") ?? throw BadRequest("Property 'hostName' is required.");
        var (certificateType, minimumTls) = TlsSettings(properties["tlsSettings"] as JsonObject);
        if (!CustomDomainName().IsMatch(name))
        {
            // As ARM answers a custom domain name with dots (Azure/azure-rest-api-specs#21779).
            throw BadRequest($"Property 'AfdDomainEntityKey.AfdDomainName' cannot be set to '{name}'.");
        }

        ValidateHostName(hostName, certificateType ?? "ManagedCertificate");
        FakeFrontDoorOperation operation;
        JsonObject json;
        int status;
        lock (gate)
        {
            var profile = ProfileOf(context, "write", "customdomains");
            if (profile.Domains.TryGetValue(name, out var domain))
            {
                if (domain.ProvisioningState == "Deleting")
                {
                    throw new FakeFrontDoorError(409, "Conflict", $"The custom domain '{name}' is being deleted.");
                }

                if (!string.Equals(domain.HostName, hostName, StringComparison.OrdinalIgnoreCase))
                {
                    throw BadRequest($"The host name of custom domain '{name}' cannot be changed from '{domain.HostName}' to '{hostName}'.");
                }

                status = 200;
            }
            else
            {
                if (profiles.Values.SelectMany(p => p.Domains.Values).Any(d => string.Equals(d.HostName, hostName, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new FakeFrontDoorError(409, "Conflict", "We couldn't create your custom domain. Another custom domain with the same host name already exists.");
                }

                if (profile.Domains.Count >= profile.Capacity)
                {
                    throw BadRequest($"The number of custom domains in profile '{profile.Name}' has reached its quota of {profile.Capacity}.");
                }

                domain = new FakeFrontDoorDomain(profile, name, hostName);
                profile.Domains[name] = domain;
                status = 201;
            }

            domain.CertificateType = certificateType ?? domain.CertificateType;
            domain.MinimumTlsVersion = minimumTls ?? domain.MinimumTlsVersion;
            operation = status == 201 ? StartCreate(domain) : StartUpdate(domain);
            json = domain.ToJson(DeploymentSteps);
        }

        await WriteOperationAsync(context, status, operation, json);
    }

    private async Task PatchDomainAsync(HttpContext context)
    {
        var properties = (await ReadBodyAsync(context))["properties"] as JsonObject ?? [];
        var (certificateType, minimumTls) = TlsSettings(properties["tlsSettings"] as JsonObject);
        FakeFrontDoorOperation operation;
        JsonObject json;
        lock (gate)
        {
            var domain = DomainOf(ProfileOf(context, "write", "customdomains"), context);
            domain.CertificateType = certificateType ?? domain.CertificateType;
            domain.MinimumTlsVersion = minimumTls ?? domain.MinimumTlsVersion;
            operation = StartUpdate(domain);
            json = domain.ToJson(DeploymentSteps);
        }

        await WriteOperationAsync(context, 202, operation, json);
    }

    private async Task DeleteDomainAsync(HttpContext context)
    {
        FakeFrontDoorOperation operation;
        lock (gate)
        {
            var profile = ProfileOf(context, "delete", "customdomains");
            if (!profile.Domains.TryGetValue((string)context.Request.RouteValues["name"]!, out var domain))
            {
                context.Response.StatusCode = 204;
                return;
            }

            if (profile.IsAttached(domain))
            {
                throw BadRequest("This resource is still associated with a route. Please delete the association with the route first before deleting this resource.");
            }

            if (profile.IsProtected(domain))
            {
                throw BadRequest("This resource is still associated with a security policy. Please delete the association with the security policy first before deleting this resource.");
            }

            domain.ProvisioningState = "Deleting";
            operation = StartOperation(
                domain.Profile,
                complete: () =>
                {
                    if (profile.Domains.TryGetValue(domain.Name, out var current) && current == domain)
                    {
                        profile.Domains.Remove(domain.Name);
                    }

                    domain.Gone = true;
                },
                fail: () => domain.ProvisioningState = "Failed",
                result: null,
                touches: () => []);
        }

        await WriteOperationAsync(context, 202, operation, null);
    }

    private async Task RefreshTokenAsync(HttpContext context)
    {
        FakeFrontDoorOperation operation;
        lock (gate)
        {
            var domain = DomainOf(ProfileOf(context, "action", "customdomains"), context);
            if (domain.ProvisioningState is "Creating" or "Deleting")
            {
                throw new FakeFrontDoorError(409, "Conflict", $"The custom domain '{domain.Name}' is {domain.ProvisioningState.ToLowerInvariant()}; try again later.");
            }

            domain.ValidationState = "RefreshingValidationToken";
            operation = StartOperation(
                domain.Profile,
                complete: () =>
                {
                    IssueToken(domain);
                    domain.ValidationState = "Pending";
                },
                fail: () => domain.ValidationState = "InternalError",
                result: null,
                touches: () => [domain]);
        }

        await WriteOperationAsync(context, 202, operation, null);
    }

    private async Task GetSecretAsync(HttpContext context)
    {
        JsonObject json;
        lock (gate)
        {
            var secret = (string)context.Request.RouteValues["secret"]!;
            var domain = ProfileOf(context, "read", "secrets").Domains.Values.FirstOrDefault(d => string.Equals(d.SecretName, secret, StringComparison.OrdinalIgnoreCase));
            json = domain?.SecretJson() ?? throw NotFound(context);
        }

        await WriteJsonAsync(context.Response, json);
    }

    private async Task GetRouteAsync(HttpContext context)
    {
        JsonObject json;
        lock (gate)
        {
            var (routes, _) = RoutesOf(context, "read");
            json = routes.TryGetValue((string)context.Request.RouteValues["route"]!, out var route) ? route.ToJson() : throw NotFound(context);
        }

        await WriteJsonAsync(context.Response, json);
    }

    private Task PutRouteAsync(HttpContext context) => WriteRouteAsync(context, replace: true);

    private Task PatchRouteAsync(HttpContext context) => WriteRouteAsync(context, replace: false);

    /// <summary>PUT replaces the route (absent properties take their defaults); PATCH replaces only the properties it carries.</summary>
    private async Task WriteRouteAsync(HttpContext context, bool replace)
    {
        var properties = (await ReadBodyAsync(context))["properties"] as JsonObject ?? (replace ? throw BadRequest("The request body must have 'properties'.") : []);
        var name = (string)context.Request.RouteValues["route"]!;
        FakeFrontDoorOperation operation;
        JsonObject json;
        int status;
        lock (gate)
        {
            var (routes, profile) = RoutesOf(context, "write");
            var exists = routes.TryGetValue(name, out var route);
            if (!exists && !replace)
            {
                throw NotFound(context);
            }

            route ??= new FakeFrontDoorRoute(profile, (string)context.Request.RouteValues["endpoint"]!, name);
            var customDomains = Strings(properties["customDomains"], item => (item as JsonObject)?["id"]?.GetValue<string>());
            var patterns = Strings(properties["patternsToMatch"], item => item?.GetValue<string>());
            var protocols = Strings(properties["supportedProtocols"], item => item?.GetValue<string>());
            var originGroup = (properties["originGroup"] as JsonObject)?["id"]?.GetValue<string>();
            if (replace && string.IsNullOrEmpty(originGroup))
            {
                throw BadRequest("Property 'originGroup' is required.");
            }

            var link = Text(properties, "linkToDefaultDomain") ?? (replace ? "Disabled" : route.LinkToDefaultDomain);
            var newDomains = customDomains ?? (replace ? [] : route.CustomDomainIds);
            var newPatterns = patterns ?? (replace ? ["/*"] : route.PatternsToMatch);
            var newProtocols = protocols ?? (replace ? ["Http", "Https"] : route.SupportedProtocols);
            ValidateRoute(profile, route, newDomains, newPatterns, newProtocols, link);

            List<string> domainIds = [.. newDomains];
            route.CustomDomainIds.Clear();
            route.CustomDomainIds.AddRange(domainIds);
            if (!ReferenceEquals(newPatterns, route.PatternsToMatch))
            {
                route.PatternsToMatch.Clear();
                route.PatternsToMatch.AddRange(newPatterns);
            }

            if (!ReferenceEquals(newProtocols, route.SupportedProtocols))
            {
                route.SupportedProtocols.Clear();
                route.SupportedProtocols.AddRange(newProtocols);
            }

            route.LinkToDefaultDomain = link;
            route.OriginGroupId = originGroup ?? route.OriginGroupId;
            route.HttpsRedirect = Text(properties, "httpsRedirect") ?? (replace ? "Disabled" : route.HttpsRedirect);
            route.ForwardingProtocol = Text(properties, "forwardingProtocol") ?? (replace ? "MatchRequest" : route.ForwardingProtocol);
            route.EnabledState = Text(properties, "enabledState") ?? (replace ? "Enabled" : route.EnabledState);
            route.ProvisioningState = exists ? "Updating" : "Creating";
            route.DeploymentStatus = "NotStarted";
            routes[name] = route;
            var written = route;
            operation = StartOperation(
                profile,
                complete: () =>
                {
                    written.ProvisioningState = "Succeeded";
                    written.DeploymentStatus = "Succeeded";
                },
                fail: () => written.ProvisioningState = "Failed",
                result: written.ToJson,
                touches: () => profile.Domains.Values.Where(written.References));
            json = route.ToJson();
            status = !exists ? 201 : replace ? 200 : 202;
        }

        await WriteOperationAsync(context, status, operation, json);
    }

    private async Task GetSecurityPolicyAsync(HttpContext context)
    {
        JsonObject json;
        lock (gate)
        {
            var profile = ProfileOf(context, "read", "securitypolicies");
            json = SecurityPolicyJson(profile, (string)context.Request.RouteValues["policy"]!) ?? throw NotFound(context);
        }

        await WriteJsonAsync(context.Response, json);
    }

    /// <summary>PATCH replaces the policy's <c>parameters</c> whole (one WAF association here); unknown domains are refused.</summary>
    private async Task PatchSecurityPolicyAsync(HttpContext context)
    {
        var parameters = (await ReadBodyAsync(context))["properties"]?["parameters"] as JsonObject ?? throw BadRequest("The request body must have 'properties.parameters'.");
        var name = (string)context.Request.RouteValues["policy"]!;
        FakeFrontDoorOperation operation;
        JsonObject json;
        lock (gate)
        {
            var profile = ProfileOf(context, "write", "securitypolicies");
            if (!profile.SecurityPolicies.ContainsKey(name))
            {
                throw NotFound(context);
            }

            if ((string?)parameters["type"] != "WebApplicationFirewall" || parameters["associations"] is not JsonArray { Count: 1 } associations)
            {
                throw BadRequest("Only a WebApplicationFirewall security policy with one association is modelled.");
            }

            var ids = Strings(associations[0]!["domains"], item => (item as JsonObject)?["id"]?.GetValue<string>()) ?? [];
            foreach (var id in ids)
            {
                var known = id.StartsWith(profile.Id + "/customdomains/", StringComparison.OrdinalIgnoreCase)
                    ? profile.Domains.ContainsKey(id[(id.LastIndexOf('/') + 1)..])
                    : id.StartsWith(profile.Id + "/afdendpoints/", StringComparison.OrdinalIgnoreCase) && profile.Endpoints.ContainsKey(id[(id.LastIndexOf('/') + 1)..]);
                if (!known)
                {
                    throw BadRequest($"The domain '{id}' of the security policy does not exist in profile {profile.Name}.");
                }
            }

            profile.SecurityPolicies[name] = [.. ids];
            operation = StartOperation(profile, complete: () => { }, fail: () => { }, result: null, touches: () => []);
            json = SecurityPolicyJson(profile, name)!;
        }

        await WriteOperationAsync(context, 202, operation, json);
    }

    private static JsonObject? SecurityPolicyJson(FakeFrontDoorProfile profile, string name) =>
        !profile.SecurityPolicies.TryGetValue(name, out var ids) ? null : new JsonObject
        {
            ["id"] = $"{profile.Id}/securitypolicies/{name}",
            ["name"] = name,
            ["type"] = "Microsoft.Cdn/profiles/securitypolicies",
            ["properties"] = new JsonObject
            {
                ["parameters"] = new JsonObject
                {
                    ["type"] = "WebApplicationFirewall",
                    ["wafPolicy"] = new JsonObject { ["id"] = $"/subscriptions/{profile.SubscriptionId}/resourcegroups/{profile.ResourceGroup}/providers/Microsoft.Network/frontdoorwebapplicationfirewallpolicies/waf" },
                    ["associations"] = new JsonArray(new JsonObject
                    {
                        ["domains"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["isActive"] = true })]),
                        ["patternsToMatch"] = new JsonArray("/*"),
                    }),
                },
                ["provisioningState"] = "Succeeded",
                ["deploymentStatus"] = "Succeeded",
            },
        };

    private async Task GetOperationAsync(HttpContext context)
    {
        FakeFrontDoorOperation operation;
        List<FakeFrontDoorDomain> touched;
        lock (gate)
        {
            if (!operations.TryGetValue((string)context.Request.RouteValues["id"]!, out var found)
                || !string.Equals(found.SubscriptionId, (string)context.Request.RouteValues["sub"]!, StringComparison.OrdinalIgnoreCase))
            {
                throw NotFound(context);
            }

            operation = found;
            operation.Polls++;
            if (operation.Status == "InProgress" && operation.Polls >= operation.RequiredPolls)
            {
                if (operation.WillFail)
                {
                    operation.Fail?.Invoke();
                    operation.Status = "Failed";
                }
                else
                {
                    operation.Complete();
                    operation.Status = "Succeeded";
                }

                operation.Ended = Time.GetUtcNow();
            }

            touched = [.. operation.Touches()];
        }

        await RefreshAsync(touched);
        var response = context.Response;
        JsonObject? json;
        lock (gate)
        {
            if (context.Request.Query["monitor"] != "location")
            {
                json = operation.ToJson();
            }
            else if (operation.Status == "InProgress")
            {
                response.StatusCode = 202;
                response.Headers.Location = $"{Endpoint}{context.Request.Path}{context.Request.QueryString}";
                SetRetryAfter(response);
                json = null;
            }
            else if (operation.Status == "Failed")
            {
                throw new FakeFrontDoorError(500, "InternalServerError", "The operation failed (injected by the test).");
            }
            else
            {
                json = operation.Result?.Invoke();
                response.StatusCode = json is null ? 204 : 200;
            }
        }

        if (json is not null)
        {
            await WriteJsonAsync(response, json);
        }
    }

    /// <summary>Validation and deployment as Front Door would have moved them along by now: expiry, the TXT record, the certificate.</summary>
    private async Task RefreshAsync(IEnumerable<FakeFrontDoorDomain> domains)
    {
        var list = domains.Distinct().ToList();
        var checks = new List<(FakeFrontDoorDomain Domain, string Token)>();
        lock (gate)
        {
            var now = Time.GetUtcNow();
            foreach (var domain in list.Where(d => !d.Gone && d.AwaitsTxt))
            {
                if (now >= domain.TokenExpiry)
                {
                    domain.ValidationState = "TimedOut";
                }
                else if (validator is not null)
                {
                    checks.Add((domain, domain.Token));
                }
            }
        }

        var found = new List<(FakeFrontDoorDomain Domain, string Token)>();
        foreach (var check in checks)
        {
            if (await validator!.HasTokenAsync(check.Domain.HostName, check.Token))
            {
                found.Add(check);
            }
        }

        lock (gate)
        {
            foreach (var check in found.Where(f => !f.Domain.Gone && f.Domain.AwaitsTxt && f.Domain.Token == f.Token))
            {
                Approve(check.Domain);
            }

            foreach (var domain in list.Where(d => !d.Gone))
            {
                AdvanceDeployment(domain);
            }
        }
    }

    private void Approve(FakeFrontDoorDomain domain)
    {
        var revalidated = domain.ValidationState == "PendingRevalidation";
        domain.ValidationState = "Approved";
        if (revalidated && domain.SecretName is not null)
        {
            domain.CertificateExpiry = Time.GetUtcNow() + CertificateLifetime;
        }
    }

    /// <summary>The managed certificate is issued once the domain is Approved and on a route, then deployed step by step.</summary>
    private void AdvanceDeployment(FakeFrontDoorDomain domain)
    {
        if (domain.ValidationState != "Approved" || domain.ProvisioningState is "Creating" or "Deleting" || !domain.Profile.IsAttached(domain))
        {
            return;
        }

        if (domain.CertificateType == "ManagedCertificate" && domain.SecretName is null)
        {
            domain.SecretName = $"{domain.HostName.Replace('.', '-')}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
            domain.CertificateExpiry = Time.GetUtcNow() + CertificateLifetime;
        }

        domain.DeploymentTouches++;
    }

    private void IssueToken(FakeFrontDoorDomain domain)
    {
        domain.Token = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 32);
        domain.TokenExpiry = Time.GetUtcNow() + TokenLifetime;
    }

    private FakeFrontDoorOperation StartCreate(FakeFrontDoorDomain domain) => StartOperation(
        domain.Profile,
        complete: () =>
        {
            domain.ProvisioningState = "Succeeded";
            domain.ValidationState = "Pending";
            IssueToken(domain);
        },
        fail: () => domain.ProvisioningState = "Failed",
        result: () => domain.ToJson(DeploymentSteps),
        touches: () => [domain]);

    private FakeFrontDoorOperation StartUpdate(FakeFrontDoorDomain domain)
    {
        domain.ProvisioningState = "Updating";
        return StartOperation(
            domain.Profile,
            complete: () => domain.ProvisioningState = "Succeeded",
            fail: () => domain.ProvisioningState = "Failed",
            result: () => domain.ToJson(DeploymentSteps),
            touches: () => [domain]);
    }

    private FakeFrontDoorOperation StartOperation(FakeFrontDoorProfile profile, Action complete, Action fail, Func<JsonObject>? result, Func<IEnumerable<FakeFrontDoorDomain>> touches)
    {
        var operation = new FakeFrontDoorOperation(profile.SubscriptionId, profile.ResourceGroup, PollsPerOperation, Time.GetUtcNow())
        {
            Complete = complete,
            Fail = fail,
            Result = result,
            Touches = touches,
            WillFail = TryTake(ref failNextOperations),
        };
        operations[operation.Id] = operation;
        return operation;
    }

    private void ValidateRoute(FakeFrontDoorProfile profile, FakeFrontDoorRoute route, IReadOnlyList<string> domainIds, IReadOnlyList<string> patterns, IReadOnlyList<string> protocols, string linkToDefaultDomain)
    {
        if (domainIds.Count == 0 && linkToDefaultDomain != "Enabled")
        {
            throw BadRequest($"Route '{route.Name}' must be associated with at least one domain: add a custom domain or set linkToDefaultDomain to Enabled.");
        }

        foreach (var id in domainIds)
        {
            var name = DomainNameOf(profile, id);
            if (name is null || !profile.Domains.TryGetValue(name, out var domain) || domain.ProvisioningState == "Deleting")
            {
                throw BadRequest($"The custom domain '{id}' was not found in profile '{profile.Name}'.");
            }

            foreach (var other in profile.Routes.Where(r => r != route && r.References(domain)))
            {
                if (!string.Equals(other.Endpoint, route.Endpoint, StringComparison.OrdinalIgnoreCase))
                {
                    throw BadRequest($"Custom domain '{domain.HostName}' is already associated with endpoint '{other.Endpoint}'; a domain can be associated with one endpoint at a time.");
                }

                var pattern = patterns.FirstOrDefault(p => other.PatternsToMatch.Contains(p, StringComparer.OrdinalIgnoreCase));
                var protocol = protocols.FirstOrDefault(p => other.SupportedProtocols.Contains(p, StringComparer.OrdinalIgnoreCase));
                if (pattern is not null && protocol is not null)
                {
                    throw BadRequest($"The route domains, paths and protocols configuration has a conflict. More information: Domain: {domain.HostName}, Path pattern: {pattern}, Protocol: {protocol} cannot be added to Route {route.Name} as this combination already exists in Endpoint {other.Endpoint}, Route {other.Name}..");
                }
            }
        }
    }

    private void ValidateHostName(string hostName, string certificateType)
    {
        var labels = hostName.Split('.');
        var valid = hostName.Length <= 253 && labels.Length >= 2
            && labels.Select((label, index) => (label, index)).All(l => (l.index == 0 && l.label == "*") || HostLabel().IsMatch(l.label));
        if (!valid)
        {
            // Unicode host names land here too: Front Door takes LDH names only.
            throw BadRequest($"The host name '{hostName}' is not a valid domain name.");
        }

        if (!AllowPunycodeHostNames && labels.Any(l => l.StartsWith("xn--", StringComparison.OrdinalIgnoreCase)))
        {
            throw BadRequest($"The host name '{hostName}' has punycode (xn--) labels; Front Door does not support custom domains with punycode characters.");
        }

        if (labels[0] == "*" && certificateType == "ManagedCertificate")
        {
            throw BadRequest($"Managed certificates are not available for the wildcard domain '{hostName}'.");
        }
    }

    private static (string? CertificateType, string? MinimumTls) TlsSettings(JsonObject? tls)
    {
        var certificateType = tls is null ? null : Text(tls, "certificateType");
        var minimumTls = tls is null ? null : Text(tls, "minimumTlsVersion");
        if (certificateType is not (null or "ManagedCertificate" or "CustomerCertificate" or "AzureFirstPartyManagedCertificate"))
        {
            throw BadRequest($"The value '{certificateType}' is not valid for 'tlsSettings.certificateType'.");
        }

        if (minimumTls is not (null or "TLS10" or "TLS12" or "TLS13"))
        {
            throw BadRequest($"The value '{minimumTls}' is not valid for 'tlsSettings.minimumTlsVersion'.");
        }

        return (certificateType, minimumTls);
    }

    private FakeFrontDoorProfile ProfileNamed(string name) =>
        profiles.Values.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) ?? throw new ArgumentException($"No profile {name}", nameof(name));

    /// <summary>The request's profile, or ARM's 404 for a missing parent.</summary>
    private FakeFrontDoorProfile ProfileOf(HttpContext context, string action, string type)
    {
        var values = context.Request.RouteValues;
        var (sub, rg, name) = ((string)values["sub"]!, (string)values["rg"]!, (string)values["profile"]!);
        return profiles.TryGetValue($"{sub}/{rg}/{name}", out var profile)
            ? profile
            : throw new FakeFrontDoorError(404, "ParentResourceNotFound", $"Failed to perform '{action}' on resource(s) of type 'profiles/{type}', because the parent resource '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Cdn/profiles/{name}' could not be found.");
    }

    private (Dictionary<string, FakeFrontDoorRoute> Routes, FakeFrontDoorProfile Profile) RoutesOf(HttpContext context, string action)
    {
        var profile = ProfileOf(context, action, "afdendpoints/routes");
        var endpoint = (string)context.Request.RouteValues["endpoint"]!;
        return profile.Endpoints.TryGetValue(endpoint, out var routes)
            ? (routes, profile)
            : throw new FakeFrontDoorError(404, "ParentResourceNotFound", $"Failed to perform '{action}' on resource(s) of type 'profiles/afdendpoints/routes', because the parent resource '{profile.Id}/afdEndpoints/{endpoint}' could not be found.");
    }

    private static FakeFrontDoorDomain DomainOf(FakeFrontDoorProfile profile, HttpContext context) =>
        profile.Domains.TryGetValue((string)context.Request.RouteValues["name"]!, out var domain) ? domain : throw NotFound(context);

    private static FakeFrontDoorError NotFound(HttpContext context) =>
        new(404, "NotFound", $"The requested resource '{context.Request.Path}' was not found.");

    private static FakeFrontDoorError BadRequest(string message) => new(400, "BadRequest", message);

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? throw BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException error)
        {
            throw new FakeFrontDoorError(400, "InvalidRequestContent", $"The request content was invalid and could not be deserialized: '{error.Message}'.");
        }
    }

    private static string? Text(JsonObject json, string property) =>
        json[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static List<string>? Strings(JsonNode? node, Func<JsonNode?, string?> select) =>
        node is JsonArray array ? [.. array.Select(item => select(item) ?? throw BadRequest("Array items must be strings or objects with an 'id'."))] : null;

    private static bool TryTake(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }

    private async Task WriteOperationAsync(HttpContext context, int status, FakeFrontDoorOperation operation, JsonObject? json)
    {
        var response = context.Response;
        response.StatusCode = status;
        var url = $"{Endpoint}{operation.Path}?api-version={ApiVersion}";
        response.Headers["Azure-AsyncOperation"] = url;
        response.Headers.Location = url + "&monitor=location";
        SetRetryAfter(response);
        if (json is not null)
        {
            await WriteJsonAsync(response, json);
        }
    }

    private void SetRetryAfter(HttpResponse response)
    {
        if (PollRetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static async Task WriteJsonAsync(HttpResponse response, JsonObject json)
    {
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(json.ToJsonString());
    }

    [GeneratedRegex("^[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$")]
    private static partial Regex CustomDomainName();

    [GeneratedRegex("^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$")]
    private static partial Regex HostLabel();
}
