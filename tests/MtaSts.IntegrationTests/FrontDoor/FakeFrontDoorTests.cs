using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.FrontDoor;

/// <summary>The Front Door ARM stand-in itself, spoken to with a raw <see cref="HttpClient"/>.</summary>
public sealed class FakeFrontDoorTests : IAsyncLifetime
{
    private const string Profile = "afd-mtasts";
    private const string Endpoint = "ep-mtasts";
    private const string Route = "route-mtasts";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly string work = Directory.CreateTempSubdirectory("mtasts-afd-dns-").FullName;
    private readonly int dnsPort = FreePort.Next();
    private readonly List<HttpClient> clients = [];
    private FakeFrontDoor? afd;
    private BindServer? bind;

    private FakeFrontDoor Afd => afd!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        if (bind is not null)
        {
            await bind.DisposeAsync();
        }

        if (afd is not null)
        {
            await afd.DisposeAsync();
        }

        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task ARM_answers_a_missing_api_version_a_missing_token_and_another_api_version()
    {
        await StartAsync();
        var url = Afd.CustomDomainUrl(Profile, "mta-sts-contoso-com");

        var (response, body) = await SendAsync(HttpMethod.Get, new Uri(url.GetLeftPart(UriPartial.Path)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MissingApiVersionParameter", Code(body));

        (response, body) = await SendAsync(HttpMethod.Get, url, client: Client(bearer: false));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("AuthenticationFailed", Code(body));
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        (response, body) = await SendAsync(HttpMethod.Get, new Uri(url.ToString().Replace(FakeFrontDoor.ApiVersion, "2024-02-01", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("NoRegisteredProviderFound", Code(body));

        (response, body) = await SendAsync(HttpMethod.Get, Afd.Url($"/subscriptions/{FakeFrontDoor.DefaultSubscription}/resourceGroups/{FakeFrontDoor.DefaultResourceGroup}/providers/Microsoft.Cdn/profiles/nope/customDomains/x"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ParentResourceNotFound", Code(body));

        (response, body) = await SendAsync(HttpMethod.Get, url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NotFound", Code(body));
    }

    [Fact]
    public async Task Creating_a_custom_domain_is_a_long_running_operation_then_the_domain_waits_for_its_TXT_record()
    {
        await StartAsync();

        var (response, body) = await PutDomainAsync("mta-sts-contoso-com", "mta-sts.contoso.com");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var asyncOperation = response.Headers.GetValues("Azure-AsyncOperation").Single();
        Assert.StartsWith(Afd.Endpoint + "/subscriptions/", asyncOperation, StringComparison.Ordinal);
        Assert.StartsWith(Afd.Endpoint, response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal($"{Afd.ProfileId(Profile)}/customdomains/mta-sts-contoso-com", (string?)body!["id"]);
        Assert.Equal("Microsoft.Cdn/profiles/customdomains", (string?)body["type"]);
        Assert.Equal("Creating", Property(body, "provisioningState"));
        Assert.Equal("Submitting", Property(body, "domainValidationState"));
        Assert.Equal("NotStarted", Property(body, "deploymentStatus"));
        Assert.Equal("ManagedCertificate", (string?)body["properties"]!["tlsSettings"]!["certificateType"]);
        Assert.Equal(string.Empty, (string?)body["properties"]!["validationProperties"]!["validationToken"]);

        Assert.Equal("InProgress", (string?)(await SendAsync(HttpMethod.Get, new Uri(asyncOperation))).Body!["status"]);
        Assert.Equal("Succeeded", (string?)(await SendAsync(HttpMethod.Get, new Uri(asyncOperation))).Body!["status"]);

        var domain = (await SendAsync(HttpMethod.Get, Afd.CustomDomainUrl(Profile, "mta-sts-contoso-com"))).Body!;
        Assert.Equal("Succeeded", Property(domain, "provisioningState"));
        Assert.Equal("Pending", Property(domain, "domainValidationState"));
        var token = (string?)domain["properties"]!["validationProperties"]!["validationToken"];
        Assert.Equal(32, token!.Length);
        Assert.Equal("2026-03-08T08:00:00.0000000Z", (string?)domain["properties"]!["validationProperties"]!["expirationDate"]);
        Assert.Null(domain["properties"]!["tlsSettings"]!["secret"]);

        (response, body) = await PutDomainAsync("mta-sts-contoso-com", "mta-sts.contoso.com", minimumTls: "TLS13");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Updating", Property(body!, "provisioningState"));
        Assert.Equal(token, (string?)body!["properties"]!["validationProperties"]!["validationToken"]);
        Assert.Single(Afd.CustomDomains(Profile));

        var list = (await SendAsync(HttpMethod.Get, Afd.Url($"{Afd.ProfileId(Profile)}/customDomains"))).Body!;
        Assert.Equal("mta-sts.contoso.com", (string?)list["value"]![0]!["properties"]!["hostName"]);
    }

    [Fact]
    public async Task The_Location_header_answers_202_until_done_then_the_resource()
    {
        await StartAsync();
        Afd.PollsPerOperation = 3;
        var (response, _) = await PutDomainAsync("mta-sts-contoso-com", "mta-sts.contoso.com");
        var location = response.Headers.Location!;

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Get, location)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Get, location)).Response.StatusCode);
        var (done, body) = await SendAsync(HttpMethod.Get, location);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("Pending", Property(body!, "domainValidationState"));
    }

    [Fact]
    public async Task The_TXT_record_is_looked_up_in_DNS_following_CNAMEs_and_approves_the_domain()
    {
        await StartAsync(dns: true);
        Dictionary<string, (string Records, bool Updatable)> zones = new()
        {
            ["contoso.test"] = (string.Empty, false),
            ["fabrikam.test"] = (string.Empty, false),
            ["validation.test"] = (string.Empty, false),
            ["wrong.test"] = (string.Empty, false),
        };
        await StartBindAsync(zones);
        var direct = await CreateAsync("mta-sts-contoso-test", "mta-sts.contoso.test");
        var delegated = await CreateAsync("mta-sts-fabrikam-test", "mta-sts.fabrikam.test");
        await CreateAsync("mta-sts-wrong-test", "mta-sts.wrong.test");
        Assert.Equal("Pending", Property(await GetDomainAsync("mta-sts-contoso-test"), "domainValidationState"));

        // The tokens are known only now: BIND starts again with the records (it has no control channel to reload).
        await bind!.DisposeAsync();
        await StartBindAsync(new()
        {
            ["contoso.test"] = ($"_dnsauth.mta-sts IN TXT \"{Token(direct)}\"", false),
            ["fabrikam.test"] = ("_dnsauth.mta-sts IN CNAME _dnsauth.mta-sts.fabrikam.test.validation.test.", false),
            ["validation.test"] = ($"_dnsauth.mta-sts.fabrikam.test IN CNAME hop.validation.test.\nhop IN TXT \"{Token(delegated)}\"", false),
            ["wrong.test"] = ("_dnsauth.mta-sts IN TXT \"not-the-token\"", false),
        });

        Assert.Equal("Approved", Property(await GetDomainAsync("mta-sts-contoso-test"), "domainValidationState"));
        Assert.Equal("Approved", Property(await GetDomainAsync("mta-sts-fabrikam-test"), "domainValidationState"));
        Assert.Equal("Pending", Property(await GetDomainAsync("mta-sts-wrong-test"), "domainValidationState"));
    }

    [Fact]
    public async Task An_unvalidated_domain_times_out_after_seven_days_and_a_refreshed_token_starts_again()
    {
        await StartAsync();
        var created = await CreateAsync("mta-sts-contoso-com", "mta-sts.contoso.com");

        time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.Equal("Pending", Property(await GetDomainAsync("mta-sts-contoso-com"), "domainValidationState"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("TimedOut", Property(await GetDomainAsync("mta-sts-contoso-com"), "domainValidationState"));

        var (response, body) = await SendAsync(HttpMethod.Post, Afd.Url($"{Afd.ProfileId(Profile)}/customDomains/mta-sts-contoso-com/refreshValidationToken"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null(body);
        Assert.Equal("RefreshingValidationToken", Property(await GetDomainAsync("mta-sts-contoso-com"), "domainValidationState"));
        await PollAsync(response);

        var refreshed = await GetDomainAsync("mta-sts-contoso-com");
        Assert.Equal("Pending", Property(refreshed, "domainValidationState"));
        Assert.NotEqual(Token(created), Token(refreshed));
        Assert.Equal("2026-03-15T08:00:00.0000000Z", (string?)refreshed["properties"]!["validationProperties"]!["expirationDate"]);
    }

    [Fact]
    public async Task The_managed_certificate_comes_once_the_domain_is_approved_and_on_a_route_then_deploys()
    {
        await StartAsync();
        await CreateAsync("mta-sts-contoso-com", "mta-sts.contoso.com");
        Afd.ForceValidationState(Profile, "mta-sts-contoso-com", "Approved");

        var approved = await GetDomainAsync("mta-sts-contoso-com");
        Assert.Equal("Approved", Property(approved, "domainValidationState"));
        Assert.Equal("NotStarted", Property(approved, "deploymentStatus"));
        Assert.Null(approved["properties"]!["tlsSettings"]!["secret"]);

        // Each GET of the domain (or poll of an operation touching it) moves the deployment one step.
        Assert.Equal(HttpStatusCode.Accepted, (await SetRouteDomainsAsync(Afd.CustomDomainId(Profile, "mta-sts-contoso-com"))).Response.StatusCode);
        var first = await GetDomainAsync("mta-sts-contoso-com");
        Assert.Equal("InProgress", Property(first, "deploymentStatus"));
        Assert.Equal("InProgress", Property(await GetDomainAsync("mta-sts-contoso-com"), "deploymentStatus"));
        Assert.Equal("Succeeded", Property(await GetDomainAsync("mta-sts-contoso-com"), "deploymentStatus"));

        var secretId = (string)first["properties"]!["tlsSettings"]!["secret"]!["id"]!;
        Assert.StartsWith($"{Afd.ProfileId(Profile)}/secrets/", secretId, StringComparison.Ordinal);
        var secret = (await SendAsync(HttpMethod.Get, Afd.Url(secretId))).Body!;
        Assert.Equal("ManagedCertificate", (string?)secret["properties"]!["parameters"]!["type"]);
        Assert.Equal("mta-sts.contoso.com", (string?)secret["properties"]!["parameters"]!["subject"]);
        Assert.Equal("2026-08-28T08:00:00.0000000Z", (string?)secret["properties"]!["parameters"]!["expirationDate"]);
    }

    [Fact]
    public async Task Forced_revalidation_issues_a_new_token_and_approval_renews_the_certificate()
    {
        await StartAsync();
        await CreateAsync("mta-sts-contoso-com", "mta-sts.contoso.com");
        Afd.ForceValidationState(Profile, "mta-sts-contoso-com", "Approved");
        await PollAsync((await SetRouteDomainsAsync(Afd.CustomDomainId(Profile, "mta-sts-contoso-com"))).Response);
        var before = await GetDomainAsync("mta-sts-contoso-com");

        time.Advance(TimeSpan.FromDays(140));
        Afd.ForceValidationState(Profile, "mta-sts-contoso-com", "PendingRevalidation");
        var pending = await GetDomainAsync("mta-sts-contoso-com");
        Assert.Equal("PendingRevalidation", Property(pending, "domainValidationState"));
        Assert.NotEqual(Token(before), Token(pending));

        Afd.ForceValidationState(Profile, "mta-sts-contoso-com", "Approved");
        Assert.Equal(time.GetUtcNow() + FakeFrontDoor.CertificateLifetime, Afd.CustomDomain(Profile, "mta-sts-contoso-com")!.CertificateExpiry);
        Afd.ForceValidationState(Profile, "mta-sts-contoso-com", "TimedOut");
        Assert.Equal("TimedOut", Afd.CustomDomain(Profile, "mta-sts-contoso-com")!.ValidationState);
    }

    [Fact]
    public async Task A_profile_holds_only_its_capacity_and_a_host_name_only_once_across_profiles()
    {
        await StartAsync(capacity: 2);
        await CreateAsync("a", "a.contoso.com");
        await CreateAsync("b", "b.contoso.com");

        var (response, body) = await PutDomainAsync("c", "c.contoso.com");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("quota", Message(body), StringComparison.Ordinal);

        (response, body) = await PutDomainAsync("a2", "A.contoso.com", profile: "afd-other");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Conflict", Code(body));
        Assert.Equal("We couldn't create your custom domain. Another custom domain with the same host name already exists.", Message(body));
    }

    [Fact]
    public async Task Punycode_and_Unicode_host_names_and_dotted_resource_names_are_refused()
    {
        await StartAsync();

        var (response, body) = await PutDomainAsync("idn", "mta-sts.xn--bcher-kva.example");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("punycode", Message(body), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutDomainAsync("unicode", "mta-sts.bücher.example")).Response.StatusCode);
        (response, body) = await PutDomainAsync("mta-sts.contoso.com", "mta-sts.contoso.com");
        Assert.Equal("Property 'AfdDomainEntityKey.AfdDomainName' cannot be set to 'mta-sts.contoso.com'.", Message(body));

        Afd.AllowPunycodeHostNames = true;
        Assert.Equal(HttpStatusCode.Created, (await PutDomainAsync("idn", "mta-sts.xn--bcher-kva.example")).Response.StatusCode);
    }

    [Fact]
    public async Task A_route_takes_pending_domains_and_each_write_replaces_the_whole_list_so_the_last_writer_wins()
    {
        await StartAsync();
        await CreateAsync("one", "one.contoso.com");
        await CreateAsync("two", "two.contoso.com");
        var routeUrl = Afd.RouteUrl(Profile, Endpoint, Route);
        var (first, second) = (Client(), Client());
        var readByFirst = (await SendAsync(HttpMethod.Get, routeUrl, client: first)).Body!;
        var readBySecond = (await SendAsync(HttpMethod.Get, routeUrl, client: second)).Body!;
        Assert.Empty(readByFirst["properties"]!["customDomains"]!.AsArray());

        var (response, body) = await SendAsync(HttpMethod.Put, routeUrl, WithDomains(readByFirst, Afd.CustomDomainId(Profile, "one")), first);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Updating", Property(body!, "provisioningState"));
        Assert.True(response.Headers.Contains("Azure-AsyncOperation"));
        await SendAsync(HttpMethod.Put, routeUrl, WithDomains(readBySecond, Afd.CustomDomainId(Profile, "two")), second);

        Assert.Equal([Afd.CustomDomainId(Profile, "two")], Afd.RouteCustomDomains(Profile, Endpoint, Route));
        var route = (await SendAsync(HttpMethod.Get, routeUrl)).Body!;
        Assert.Equal(Afd.CustomDomainId(Profile, "two"), (string?)route["properties"]!["customDomains"]![0]!["id"]);
        Assert.Equal("Microsoft.Cdn/profiles/afdendpoints/routes", (string?)route["type"]);

        (response, _) = await SetRouteDomainsAsync(Afd.CustomDomainId(Profile, "one"), Afd.CustomDomainId(Profile, "two"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await PollAsync(response);
        Assert.Equal("Succeeded", Property((await SendAsync(HttpMethod.Get, routeUrl)).Body!, "provisioningState"));
        Assert.Equal(2, Afd.RouteCustomDomains(Profile, Endpoint, Route).Count);
    }

    [Fact]
    public async Task A_route_refuses_unknown_domains_domains_of_another_endpoint_clashing_paths_and_no_domain_at_all()
    {
        await StartAsync();
        await CreateAsync("one", "one.contoso.com");
        Afd.AddRoute(Profile, "ep-other", "route-other");
        Afd.AddRoute(Profile, Endpoint, "route-same");
        await SetRouteDomainsAsync(Afd.CustomDomainId(Profile, "one"));

        var (response, body) = await SetRouteDomainsAsync(Afd.CustomDomainId(Profile, "missing"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("was not found", Message(body), StringComparison.Ordinal);
        (response, body) = await SetRouteDomainsAsync(Afd.CustomDomainId("afd-other", "one"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        (response, body) = await SendAsync(HttpMethod.Patch, Afd.RouteUrl(Profile, "ep-other", "route-other"), DomainsPatch(Afd.CustomDomainId(Profile, "one")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ep-mtasts", Message(body), StringComparison.Ordinal);

        (response, body) = await SendAsync(HttpMethod.Patch, Afd.RouteUrl(Profile, Endpoint, "route-same"), DomainsPatch(Afd.CustomDomainId(Profile, "one")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("The route domains, paths and protocols configuration has a conflict.", Message(body), StringComparison.Ordinal);

        (response, body) = await SetRouteDomainsAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([Afd.CustomDomainId(Profile, "one")], Afd.RouteCustomDomains(Profile, Endpoint, Route));
    }

    [Fact]
    public async Task A_domain_on_a_route_cannot_be_deleted_and_a_deleted_one_is_gone_after_its_operation()
    {
        await StartAsync();
        await CreateAsync("one", "one.contoso.com");
        await SetRouteDomainsAsync(Afd.CustomDomainId(Profile, "one"));
        var url = Afd.CustomDomainUrl(Profile, "one");

        var (response, body) = await SendAsync(HttpMethod.Delete, url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This resource is still associated with a route. Please delete the association with the route first before deleting this resource.", Message(body));

        await SendAsync(HttpMethod.Patch, Afd.RouteUrl(Profile, Endpoint, Route), """{"properties":{"customDomains":[],"linkToDefaultDomain":"Enabled"}}""");
        (response, _) = await SendAsync(HttpMethod.Delete, url);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Deleting", Property(await GetDomainAsync("one"), "provisioningState"));
        await PollAsync(response);

        (response, body) = await SendAsync(HttpMethod.Get, url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NotFound", Code(body));
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, url)).Response.StatusCode);
        Assert.Empty(Afd.CustomDomains(Profile));
        Assert.Equal(HttpStatusCode.Created, (await PutDomainAsync("one-again", "one.contoso.com", profile: "afd-other")).Response.StatusCode);
    }

    [Fact]
    public async Task Throttling_failures_and_failed_operations_come_on_demand_and_every_request_is_counted()
    {
        await StartAsync();
        var url = Afd.CustomDomainUrl(Profile, "nothing");

        Afd.ThrottleNext = 1;
        var (response, body) = await SendAsync(HttpMethod.Get, url);
        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        Afd.FailNext = 2;
        Assert.Equal(HttpStatusCode.InternalServerError, (await SendAsync(HttpMethod.Get, url)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await SendAsync(HttpMethod.Get, url)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, url)).Response.StatusCode);
        Assert.Equal(4, Afd.Requests);
        Assert.Equal(4, Afd.RequestLog.Count);

        Afd.FailNextOperations = 1;
        (response, _) = await PutDomainAsync("one", "one.contoso.com");
        var status = await PollAsync(response);
        Assert.Equal("Failed", (string?)status["status"]);
        Assert.Equal("InternalServerError", Code(status));
        Assert.Equal("Failed", Property(await GetDomainAsync("one"), "provisioningState"));
    }

    [Fact]
    public async Task Concurrent_clients_cannot_overfill_a_profile()
    {
        await StartAsync(capacity: 10);
        var clientsInUse = Enumerable.Range(0, 5).Select(_ => Client()).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            PutDomainAsync($"d{i}", $"d{i}.contoso.com", client: clientsInUse[i % clientsInUse.Length])));

        Assert.Equal(10, responses.Count(r => r.Response.StatusCode == HttpStatusCode.Created));
        Assert.Equal(20, responses.Count(r => r.Response.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(10, Afd.CustomDomains(Profile).Count);
    }

    private async Task StartAsync(bool dns = false, int capacity = FakeFrontDoor.StandardCapacity)
    {
        afd = await FakeFrontDoor.StartAsync(dns ? new IPEndPoint(IPAddress.Loopback, dnsPort) : null, time);
        afd.AddProfile(Profile, capacity);
        afd.AddProfile("afd-other", FakeFrontDoor.PremiumCapacity);
        afd.AddRoute(Profile, Endpoint, Route);
    }

    private async Task StartBindAsync(Dictionary<string, (string Records, bool Updatable)> zones)
    {
        BindServer.WriteConfig(work, dnsPort, zones);
        bind = await BindServer.StartAsync(work, dnsPort);
    }

    private HttpClient Client(bool bearer = true)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == Afd.Certificate.Thumbprint };
        var client = new HttpClient(handler);
        if (bearer)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        }

        clients.Add(client);
        return client;
    }

    private async Task<(HttpResponseMessage Response, JsonObject? Body)> SendAsync(HttpMethod method, Uri url, string? json = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await (client ?? Client()).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text)!.AsObject());
    }

    private Task<(HttpResponseMessage Response, JsonObject? Body)> PutDomainAsync(string name, string hostName, string profile = Profile, string minimumTls = "TLS12", HttpClient? client = null) =>
        SendAsync(
            HttpMethod.Put,
            Afd.CustomDomainUrl(profile, name),
            new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["hostName"] = hostName,
                    ["tlsSettings"] = new JsonObject { ["certificateType"] = "ManagedCertificate", ["minimumTlsVersion"] = minimumTls },
                },
            }.ToJsonString(),
            client);

    /// <summary>Creates a custom domain and polls its operation to the end; returns the domain as then read.</summary>
    private async Task<JsonObject> CreateAsync(string name, string hostName)
    {
        var (response, body) = await PutDomainAsync(name, hostName);
        Assert.True(response.StatusCode == HttpStatusCode.Created, Message(body));
        Assert.Equal("Succeeded", (string?)(await PollAsync(response))["status"]);
        return await GetDomainAsync(name);
    }

    private async Task<JsonObject> PollAsync(HttpResponseMessage started)
    {
        var url = new Uri(started.Headers.GetValues("Azure-AsyncOperation").Single());
        for (var poll = 0; poll < 20; poll++)
        {
            var status = (await SendAsync(HttpMethod.Get, url)).Body!;
            if ((string?)status["status"] != "InProgress")
            {
                return status;
            }
        }

        throw new TimeoutException("The operation did not end.");
    }

    private async Task<JsonObject> GetDomainAsync(string name) => (await SendAsync(HttpMethod.Get, Afd.CustomDomainUrl(Profile, name))).Body!;

    private Task<(HttpResponseMessage Response, JsonObject? Body)> SetRouteDomainsAsync(params string[] ids) =>
        SendAsync(HttpMethod.Patch, Afd.RouteUrl(Profile, Endpoint, Route), DomainsPatch(ids));

    private static string DomainsPatch(params string[] ids) =>
        new JsonObject { ["properties"] = new JsonObject { ["customDomains"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["id"] = id })]) } }.ToJsonString();

    /// <summary>The route as read, with its custom domains replaced: what a read-modify-write client PUTs.</summary>
    private static string WithDomains(JsonObject route, params string[] ids)
    {
        var copy = route.DeepClone().AsObject();
        copy["properties"]!["customDomains"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["id"] = id })]);
        return copy.ToJsonString();
    }

    private static string? Property(JsonObject resource, string name) => (string?)resource["properties"]![name];

    private static string? Token(JsonObject domain) => (string?)domain["properties"]!["validationProperties"]!["validationToken"];

    private static string? Code(JsonObject? body) => (string?)body?["error"]?["code"];

    private static string Message(JsonObject? body) => (string?)body?["error"]?["message"] ?? string.Empty;
}
