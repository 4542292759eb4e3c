using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Dns;
using MtaSts.Core.FrontDoor;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.FrontDoor;

/// <summary>
/// The onboarding pieces wired as in the app, against real stand-ins: Azurite (tenants, ledger), a real BIND (the
/// zones we write validation tokens to and the customers' zones, which Front Door's validator queries, CNAMEs
/// followed) and <see cref="FakeFrontDoor"/>, all on one <see cref="FakeTimeProvider"/>.
/// </summary>
public sealed class FrontDoorLab : IAsyncDisposable
{
    public const string DelegationZone = "policies.test";
    public const string CustomerZone = "customers.test";
    public const string OwnZone = "ours.test";

    private readonly string work;
    private readonly TableServiceClient tables;
    private readonly string suffix = Guid.NewGuid().ToString("N")[..8];

    private FrontDoorLab(string work, BindServer bind, FakeFrontDoor frontDoor, FakeTimeProvider time, TableServiceClient tables, string secret)
    {
        this.work = work;
        Bind = bind;
        FrontDoor = frontDoor;
        Time = time;
        this.tables = tables;
        Secret = secret;
    }

    public BindServer Bind { get; }

    public FakeFrontDoor FrontDoor { get; }

    public FakeTimeProvider Time { get; }

    public string Secret { get; }

    public static string Profile(int shard) => $"afd-mtasts-{shard}";

    /// <summary>
    /// Starts BIND with the delegation zone and our own tenant zone (updatable), and the customers' zone holding the
    /// one-time CNAMEs of <paramref name="delegatedCustomers"/> (<c>_dnsauth.mta-sts.&lt;domain&gt;</c> → our copy).
    /// </summary>
    public static async Task<FrontDoorLab> StartAsync(TableServiceClient tables, IEnumerable<string> delegatedCustomers, int shards = 3, int capacity = 100)
    {
        var work = Directory.CreateTempSubdirectory("mtasts-afdlab-").FullName;
        var secret = BindServer.NewSecret();
        var port = FreePort.Next();
        var cnames = string.Join('\n', delegatedCustomers.Select(d => $"_dnsauth.mta-sts.{d}. IN CNAME {d}.dnsauth.{DelegationZone}."));
        BindServer.WriteConfig(work, port, new Dictionary<string, (string, bool)>
        {
            [DelegationZone] = (string.Empty, true),
            [OwnZone] = (string.Empty, true),
            [CustomerZone] = (cnames, false),
        }, secret);
        var bind = await BindServer.StartAsync(work, port);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var frontDoor = await FakeFrontDoor.StartAsync(new IPEndPoint(IPAddress.Loopback, port), time);
        frontDoor.PollRetryAfterSeconds = 0;
        for (var i = 0; i < shards; i++)
        {
            frontDoor.AddProfile(Profile(i), capacity);
            frontDoor.AddRoute(Profile(i), $"ep-{i}", "route-policy", linkToDefaultDomain: true);
            frontDoor.AddSecurityPolicy(Profile(i), "waf", $"ep-{i}");
        }

        return new FrontDoorLab(work, bind, frontDoor, time, tables, secret);
    }

    public FrontDoorOptions FrontDoorOptions(int shards = 3, int capacity = 100, bool delegate_ = true) => new()
    {
        Endpoint = FrontDoor.Endpoint,
        SubscriptionId = FakeFrontDoor.DefaultSubscription,
        ResourceGroup = FakeFrontDoor.DefaultResourceGroup,
        DelegateValidation = delegate_,
        BatchSize = 1000,
        Shards = [.. Enumerable.Range(0, shards).Select(i => new FrontDoorShard { Profile = Profile(i), Endpoint = $"ep-{i}", EndpointHost = $"ep-{i}-abc.z01.azurefd.net", Route = "route-policy", Capacity = capacity })],
    };

    public DnsOptions DnsOptions(bool delegation = true) => new()
    {
        Provider = DnsProviderKind.Rfc2136,
        DelegationZone = delegation ? DelegationZone : null,
        Rfc2136 = new Rfc2136Options { Server = Bind.Endpoint, TsigKeyName = BindServer.KeyName, TsigSecret = Secret, TimeoutSeconds = 2 },
    };

    /// <summary>One app instance: its own clients on the shared tables, Front Door and DNS (TSIG signs with the real clock, as BIND checks it).</summary>
    public Instance NewInstance(FrontDoorOptions frontDoorOptions, DnsOptions dnsOptions, TimeSpan? operationWait = null)
    {
        var store = new TableTenantStore(tables, "tenants" + suffix);
        var ledger = new TableFrontDoorLedger(tables, Time, "frontdoor" + suffix);
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == FrontDoor.Certificate.Thumbprint };
        var clientOptions = new FrontDoorClientOptions { Transport = new HttpClientTransport(handler), MinPollDelay = TimeSpan.FromMilliseconds(5), MaxPollDelay = TimeSpan.FromMilliseconds(20), OperationWait = operationWait ?? TimeSpan.FromSeconds(10) };
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(50);
        clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        var client = new FrontDoorClient(Options.Create(frontDoorOptions), new StaticToken(), clientOptions, NullLogger<FrontDoorClient>.Instance);
        var dns = Options.Create(dnsOptions);
        var publisher = new Rfc2136TxtRecordPublisher(dns, TimeProvider.System, NullLogger<Rfc2136TxtRecordPublisher>.Instance);
        var rotation = TestOptions.Rotation();
        var onboarding = new FrontDoorOnboarding(Options.Create(frontDoorOptions), dns, ledger);
        var window = new RotationWindow(TestOptions.Policy(), rotation);
        var admin = new TenantAdmin(store, Time, new CustomerRecordPlanner(TestOptions.Serving(), dns, Options.Create(frontDoorOptions)), window, NullLogger<TenantAdmin>.Instance, null, onboarding);
        var sync = new CustomDomainSync(store, client, ledger, publisher, Time, Options.Create(frontDoorOptions), dns, rotation, NullLogger<CustomDomainSync>.Instance);
        var rotator = new PolicyIdRotator(store, publisher, Time, window, rotation, dns, NullLogger<PolicyIdRotator>.Instance);
        return new Instance(store, ledger, admin, sync, rotator, publisher, onboarding, client);
    }

    public async ValueTask DisposeAsync()
    {
        await FrontDoor.DisposeAsync();
        await Bind.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    public sealed record Instance(ITenantStore Store, IFrontDoorLedger Ledger, TenantAdmin Admin, CustomDomainSync Sync, PolicyIdRotator Rotator, ITxtRecordPublisher Publisher, FrontDoorOnboarding Onboarding, IFrontDoorClient Client);
}
