using System.Text;
using MtaSts.Core.Admin;
using MtaSts.Core.FrontDoor;
using MtaSts.Core.Tenants;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.FrontDoor;

/// <summary>
/// Custom-domain onboarding end to end against the Front Door stand-in, a real BIND and Azurite: many tenants across
/// shards with concurrent runs, a customer who never adds the record, a token that expires and is refreshed,
/// throttling, offboarding in order, and full shards.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CustomDomainSyncTests(AzuriteFixture azurite)
{
    private static readonly byte[] Testing = Encoding.UTF8.GetBytes("""{"mode":"testing","mx":["mx.customers.test"]}""");

    private static string Customer(int i) => $"t{i}.{FrontDoorLab.CustomerZone}";

    [Fact]
    public async Task Two_hundred_fifty_tenants_go_live_across_three_shards_with_concurrent_runs_and_every_route_holds_exactly_its_tenants()
    {
        const int Tenants = 250;
        await using var lab = await FrontDoorLab.StartAsync(azurite.Tables, Enumerable.Range(0, Tenants).Select(Customer));
        var options = lab.FrontDoorOptions();
        var first = lab.NewInstance(options, lab.DnsOptions());
        var second = lab.NewInstance(options, lab.DnsOptions());
        await Parallel.ForEachAsync(Enumerable.Range(0, Tenants), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            Assert.Equal(AdminOutcome.Created, (await (i % 2 == 0 ? first : second).Admin.PutAsync(Customer(i), Testing, ct)).Outcome));

        for (var run = 0; run < 12 && !await AllLiveAsync(first.Store, Tenants); run++)
        {
            await Task.WhenAll(first.Sync.RunAsync(default), second.Sync.RunAsync(default));
            lab.Time.Advance(TimeSpan.FromMinutes(5));
        }

        var tenants = await AllAsync(first.Store);
        Assert.All(tenants, t => Assert.Equal(CustomDomainStage.Live, t.CustomDomain!.Stage));
        for (var shard = 0; shard < 3; shard++)
        {
            var profile = FrontDoorLab.Profile(shard);
            var expected = tenants.Where(t => t.CustomDomain!.Shard == profile).Select(t => CustomDomainNaming.ResourceName(t.Domain)).Order(StringComparer.Ordinal).ToList();
            var routed = lab.FrontDoor.RouteCustomDomains(profile, $"ep-{shard}", "route-policy").Select(id => id[(id.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, routed);
            var protectedDomains = lab.FrontDoor.SecurityPolicyDomains(profile, "waf").Where(id => id.Contains("/customdomains/", StringComparison.OrdinalIgnoreCase)).Select(id => id[(id.LastIndexOf('/') + 1)..]).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, protectedDomains);
            Assert.Contains(lab.FrontDoor.SecurityPolicyDomains(profile, "waf"), id => id.EndsWith($"/afdendpoints/ep-{shard}", StringComparison.Ordinal));
            Assert.True(expected.Count <= 100, $"{profile} holds {expected.Count}");
            Assert.Equal(expected.Count, lab.FrontDoor.CustomDomains(profile).Count);
            Assert.Equal(expected.Count, (await first.Ledger.CountsAsync(default))[profile]);
        }

        Assert.Equal(Tenants, tenants.Count);

        // A redeployment of the Bicep sets a route's custom domains back to none: the next run puts them all back.
        var shard0 = options.Shards[0];
        var before = lab.FrontDoor.RouteCustomDomains(shard0.Profile, shard0.Endpoint, shard0.Route);
        await first.Client.SetRouteDomainsAsync(shard0, [], default);
        await first.Sync.RunAsync(default);
        Assert.Equal(before.Order(StringComparer.OrdinalIgnoreCase), lab.FrontDoor.RouteCustomDomains(shard0.Profile, shard0.Endpoint, shard0.Route).Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);

        var view = (await first.Admin.GetAsync(Customer(7), default)).Tenant!;
        Assert.Equal("live", view.CustomDomain!.State);
        Assert.Equal(view.Records.Single(r => r.Name == "mta-sts." + Customer(7)).Value, first.Onboarding.EndpointHost(tenants.Single(t => t.Domain == Customer(7))));
    }

    [Fact]
    public async Task A_customer_who_never_adds_the_record_waits_with_a_fresh_token_and_says_what_to_do()
    {
        await using var lab = await FrontDoorLab.StartAsync(azurite.Tables, []);
        var app = lab.NewInstance(lab.FrontDoorOptions(delegate_: false), lab.DnsOptions());
        await app.Admin.PutAsync("never.customers.test", Testing, default);

        await app.Sync.RunAsync(default);
        var firstToken = (await app.Store.GetAsync("never.customers.test", default))!.CustomDomain!.ValidationToken;
        var view = (await app.Admin.GetAsync("never.customers.test", default)).Tenant!.CustomDomain!;
        Assert.Equal("awaiting-validation-record", view.State);
        Assert.Contains(view.CustomerActions, a => a.Contains("_dnsauth.mta-sts.never.customers.test", StringComparison.Ordinal) && a.Contains(firstToken!, StringComparison.Ordinal));
        var record = (await app.Admin.GetAsync("never.customers.test", default)).Tenant!.Records.Single(r => r.Name == "_dnsauth.mta-sts.never.customers.test");
        Assert.Equal(("TXT", firstToken, "customer"), (record.Type, record.Value, record.ManagedBy));

        // Seven days on the token has expired; the sync asks for a new one a day ahead, and the record shows it.
        lab.Time.Advance(TimeSpan.FromDays(6.5));
        await app.Sync.RunAsync(default);
        var refreshed = (await app.Store.GetAsync("never.customers.test", default))!.CustomDomain!;
        Assert.NotEqual(firstToken, refreshed.ValidationToken);
        Assert.Equal(CustomDomainStage.Validating, refreshed.Stage);
        Assert.Equal(refreshed.ValidationToken, (await app.Admin.GetAsync("never.customers.test", default)).Tenant!.Records.Single(r => r.Name == "_dnsauth.mta-sts.never.customers.test").Value);
        Assert.Empty(lab.FrontDoor.RouteCustomDomains(FrontDoorLab.Profile(0), "ep-0", "route-policy"));
    }

    [Fact]
    public async Task A_token_that_timed_out_is_refreshed_and_written_and_the_domain_goes_live_in_our_own_zone_despite_throttling()
    {
        await using var lab = await FrontDoorLab.StartAsync(azurite.Tables, []);
        var app = lab.NewInstance(lab.FrontDoorOptions(), lab.DnsOptions(delegation: false));
        await app.Admin.PutAsync(FrontDoorLab.OwnZone, Testing, default);
        var name = CustomDomainNaming.ResourceName(FrontDoorLab.OwnZone);

        lab.FrontDoor.ThrottleNext = 2;
        await app.Sync.RunAsync(default);
        var first = (await app.Store.GetAsync(FrontDoorLab.OwnZone, default))!.CustomDomain!;
        Assert.Equal(first.ValidationToken, first.WrittenToken);
        Assert.Equal([first.ValidationToken!], (await app.Publisher.ReadAsync(new("ours.test", "_dnsauth.mta-sts.ours.test"), default)).Records);

        // The validation timed out (as when the token expired before Front Door saw it): a new token, written again.
        lab.FrontDoor.ForceValidationState(first.Shard, name, "TimedOut");
        for (var run = 0; run < 6 && (await app.Store.GetAsync(FrontDoorLab.OwnZone, default))!.CustomDomain!.Stage != CustomDomainStage.Live; run++)
        {
            lab.FrontDoor.ThrottleNext = 1;
            await app.Sync.RunAsync(default);
            lab.Time.Advance(TimeSpan.FromMinutes(5));
        }

        var live = (await app.Store.GetAsync(FrontDoorLab.OwnZone, default))!.CustomDomain!;
        Assert.Equal(CustomDomainStage.Live, live.Stage);
        Assert.NotEqual(first.ValidationToken, live.WrittenToken);
        Assert.Equal([live.WrittenToken!], (await app.Publisher.ReadAsync(new("ours.test", "_dnsauth.mta-sts.ours.test"), default)).Records);
        Assert.NotNull(live.CertificateExpiresAt);
        Assert.Equal("service", (await app.Admin.GetAsync(FrontDoorLab.OwnZone, default)).Tenant!.Records.Single(r => r.Name == "_dnsauth.mta-sts.ours.test").ManagedBy);
    }

    [Fact]
    public async Task Offboarding_takes_the_domain_off_the_route_then_deletes_it_and_only_then_the_tenant()
    {
        await using var lab = await FrontDoorLab.StartAsync(azurite.Tables, [Customer(1)], shards: 1);
        var app = lab.NewInstance(lab.FrontDoorOptions(shards: 1), lab.DnsOptions());
        await app.Admin.PutAsync(Customer(1), Testing, default);
        for (var run = 0; run < 6; run++)
        {
            await app.Rotator.RunAsync(default);
            await app.Sync.RunAsync(default);
            lab.Time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(CustomDomainStage.Live, (await app.Store.GetAsync(Customer(1), default))!.CustomDomain!.Stage);
        Assert.Equal(AdminOutcome.Offboarding, (await app.Admin.DeleteAsync(Customer(1), default)).Outcome);
        var name = CustomDomainNaming.ResourceName(Customer(1));
        var sawRecordGoneWhileDomainServed = false;
        for (var step = 0; step < 400 && await app.Store.GetAsync(Customer(1), default) is { } tenant; step++)
        {
            var domain = lab.FrontDoor.CustomDomain(FrontDoorLab.Profile(0), name);
            if (tenant.RecordRemovedAt is null || !app.Sync.ReadyToRemove(tenant, lab.Time.GetUtcNow()))
            {
                // Until senders can no longer see a record of ours, the mode none policy stays served over HTTPS.
                Assert.NotNull(domain);
                Assert.Single(lab.FrontDoor.RouteCustomDomains(FrontDoorLab.Profile(0), "ep-0", "route-policy"));
            }

            await app.Rotator.RunAsync(default);
            if (await app.Store.GetAsync(Customer(1), default) is { RecordRemovedAt: not null } withdrawn && !app.Sync.ReadyToRemove(withdrawn, lab.Time.GetUtcNow()))
            {
                // The record is gone but resolvers may still hand it out: the mode none policy is still served.
                Assert.NotNull(lab.FrontDoor.CustomDomain(FrontDoorLab.Profile(0), name));
                Assert.Single(lab.FrontDoor.RouteCustomDomains(FrontDoorLab.Profile(0), "ep-0", "route-policy"));
                sawRecordGoneWhileDomainServed = true;
            }

            await app.Sync.RunAsync(default);
            if (await app.Store.GetAsync(Customer(1), default) is not null)
            {
                var now = (await app.Store.GetAsync(Customer(1), default))!.CustomDomain!;
                Assert.True(lab.FrontDoor.CustomDomain(FrontDoorLab.Profile(0), name) is null == (now.Stage == CustomDomainStage.Deleted), $"step {step}: {now.Stage}, {now.LastError}, Front Door: {lab.FrontDoor.CustomDomain(FrontDoorLab.Profile(0), name)}");
            }

            lab.Time.Advance(TimeSpan.FromHours(6));
        }

        Assert.Null(await app.Store.GetAsync(Customer(1), default));
        Assert.True(sawRecordGoneWhileDomainServed);
        Assert.Null(lab.FrontDoor.CustomDomain(FrontDoorLab.Profile(0), name));
        Assert.Empty(lab.FrontDoor.RouteCustomDomains(FrontDoorLab.Profile(0), "ep-0", "route-policy"));
        Assert.Equal(["ep-0"], lab.FrontDoor.SecurityPolicyDomains(FrontDoorLab.Profile(0), "waf").Select(id => id[(id.LastIndexOf('/') + 1)..]));
        Assert.Equal(0, (await app.Ledger.CountsAsync(default))[FrontDoorLab.Profile(0)]);
    }

    [Fact]
    public async Task Full_shards_refuse_a_new_tenant_clearly_and_a_deleted_never_published_tenant_gives_its_room_back()
    {
        await using var lab = await FrontDoorLab.StartAsync(azurite.Tables, [], shards: 2, capacity: 1);
        var app = lab.NewInstance(lab.FrontDoorOptions(shards: 2, capacity: 1), lab.DnsOptions());
        Assert.Equal(AdminOutcome.Created, (await app.Admin.PutAsync(Customer(1), Testing, default)).Outcome);
        Assert.Equal(AdminOutcome.Created, (await app.Admin.PutAsync(Customer(2), Testing, default)).Outcome);

        var refused = await app.Admin.PutAsync(Customer(3), Testing, default);

        Assert.Equal(AdminOutcome.NoRoom, refused.Outcome);
        Assert.Contains("every Front Door shard is full", Assert.Single(refused.Errors), StringComparison.Ordinal);
        Assert.Null(await app.Store.GetAsync(Customer(3), default));

        // A tenant whose custom domain exists is not deleted at once: the sync deletes the domain, then the tenant.
        await app.Sync.RunAsync(default);
        Assert.Equal(AdminOutcome.Offboarding, (await app.Admin.DeleteAsync(Customer(1), default)).Outcome);
        await app.Rotator.RunAsync(default);
        Assert.NotNull(await app.Store.GetAsync(Customer(1), default));
        await app.Sync.RunAsync(default);
        Assert.Null(await app.Store.GetAsync(Customer(1), default));
        Assert.DoesNotContain(lab.FrontDoor.CustomDomains(FrontDoorLab.Profile(0)).Concat(lab.FrontDoor.CustomDomains(FrontDoorLab.Profile(1))), d => d.HostName == "mta-sts." + Customer(1));
        Assert.Equal(AdminOutcome.Created, (await app.Admin.PutAsync(Customer(3), Testing, default)).Outcome);
    }

    [Fact]
    public async Task An_internationalized_domain_is_created_with_a_warning_and_a_refusal_is_said_plainly()
    {
        await using var lab = await FrontDoorLab.StartAsync(azurite.Tables, [], shards: 1);
        var app = lab.NewInstance(lab.FrontDoorOptions(shards: 1), lab.DnsOptions());
        var created = await app.Admin.PutAsync("bücher.customers.test", Testing, default);
        Assert.Equal(AdminOutcome.Created, created.Outcome);
        Assert.Contains(created.Tenant!.Warnings, w => w.Contains("internationalized", StringComparison.Ordinal));

        await app.Sync.RunAsync(default);

        var state = (await app.Admin.GetAsync("xn--bcher-kva.customers.test", default)).Tenant!.CustomDomain!;
        Assert.StartsWith("failed: Front Door refused the internationalized host name mta-sts.xn--bcher-kva.customers.test", state.State, StringComparison.Ordinal);
        Assert.NotNull(state.NextAttemptAt);
        Assert.Empty(lab.FrontDoor.CustomDomains(FrontDoorLab.Profile(0)));
    }

    private static async Task GoLiveAsync(FrontDoorLab lab, FrontDoorLab.Instance app, params string[] domains)
    {
        for (var run = 0; run < 8 && (await AllAsync(app.Store)).Where(t => domains.Contains(t.Domain)).Any(t => t.CustomDomain!.Stage != CustomDomainStage.Live); run++)
        {
            await app.Rotator.RunAsync(default);
            await app.Sync.RunAsync(default);
            lab.Time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.All((await AllAsync(app.Store)).Where(t => domains.Contains(t.Domain)), t => Assert.Equal(CustomDomainStage.Live, t.CustomDomain!.Stage));
    }

    [Fact]
    public async Task A_delete_still_running_when_the_wait_ends_is_not_taken_for_done()
    {
        await using var lab = await FrontDoorLab.StartAsync(azurite.Tables, [Customer(4)], shards: 1);
        var app = lab.NewInstance(lab.FrontDoorOptions(shards: 1), lab.DnsOptions(), operationWait: TimeSpan.FromMilliseconds(300));
        await app.Admin.PutAsync(Customer(4), Testing, default);
        await GoLiveAsync(lab, app, Customer(4));
        await app.Admin.DeleteAsync(Customer(4), default);
        var name = CustomDomainNaming.ResourceName(Customer(4));
        for (var step = 0; step < 200 && (await app.Store.GetAsync(Customer(4), default))!.CustomDomain!.Stage is not (CustomDomainStage.Detaching or CustomDomainStage.Deleting); step++)
        {
            lab.FrontDoor.PollsPerOperation = 100_000; // from now on every operation outlasts the client's wait
            await app.Rotator.RunAsync(default);
            await app.Sync.RunAsync(default);
            lab.Time.Advance(TimeSpan.FromHours(6));
        }

        var deleting = (await app.Store.GetAsync(Customer(4), default))!;
        Assert.NotEqual(CustomDomainStage.Deleted, deleting.CustomDomain!.Stage);
        Assert.NotNull(lab.FrontDoor.CustomDomain(FrontDoorLab.Profile(0), name));
        Assert.Equal(1, (await app.Ledger.CountsAsync(default))[FrontDoorLab.Profile(0)]);

        lab.FrontDoor.PollsPerOperation = 1;
        for (var run = 0; run < 6 && await app.Store.GetAsync(Customer(4), default) is not null; run++)
        {
            await app.Sync.RunAsync(default);
            await app.Rotator.RunAsync(default);
            lab.Time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Null(await app.Store.GetAsync(Customer(4), default));
        Assert.Null(lab.FrontDoor.CustomDomain(FrontDoorLab.Profile(0), name));
        Assert.Equal(0, (await app.Ledger.CountsAsync(default))[FrontDoorLab.Profile(0)]);
    }

    [Fact]
    public async Task A_live_domain_that_needs_revalidation_stays_routed_says_so_and_gets_its_new_token()
    {
        await using var lab = await FrontDoorLab.StartAsync(azurite.Tables, [Customer(5)], shards: 1);
        var app = lab.NewInstance(lab.FrontDoorOptions(shards: 1), lab.DnsOptions());
        await app.Admin.PutAsync(Customer(5), Testing, default);
        await GoLiveAsync(lab, app, Customer(5));
        var name = CustomDomainNaming.ResourceName(Customer(5));
        var before = (await app.Store.GetAsync(Customer(5), default))!.CustomDomain!;

        lab.FrontDoor.ForceValidationState(FrontDoorLab.Profile(0), name, "PendingRevalidation");
        lab.Time.Advance(TimeSpan.FromHours(13)); // its recheck is due
        await app.Sync.RunAsync(default);

        var after = (await app.Store.GetAsync(Customer(5), default))!.CustomDomain!;
        Assert.Equal(CustomDomainStage.Live, after.Stage);
        Assert.NotEqual(before.WrittenToken, after.WrittenToken);
        Assert.Single(lab.FrontDoor.RouteCustomDomains(FrontDoorLab.Profile(0), "ep-0", "route-policy"));
        lab.FrontDoor.ForceValidationState(FrontDoorLab.Profile(0), name, "Pending");
        await app.Sync.RunAsync(default); // a forced recheck of the failed-free live domain happens on its schedule; look now
        var view = (await app.Admin.GetAsync(Customer(5), default)).Tenant!.CustomDomain!;
        Assert.True(view.State is "revalidation-needed" or "live", view.State);
        Assert.NotNull(view.CertificateExpiresAt);
    }

    [Fact]
    public async Task A_domain_gone_behind_our_back_does_not_hold_up_the_attachment_of_others()
    {
        await using var lab = await FrontDoorLab.StartAsync(azurite.Tables, [Customer(6), Customer(7)], shards: 1);
        var app = lab.NewInstance(lab.FrontDoorOptions(shards: 1), lab.DnsOptions());
        await app.Admin.PutAsync(Customer(6), Testing, default);
        await GoLiveAsync(lab, app, Customer(6));

        // Someone removes the live domain by hand in the portal: off the route, off the WAF policy, deleted.
        var shard = lab.FrontDoorOptions(shards: 1).Shards[0];
        var gone = app.Client.CustomDomainId(shard, CustomDomainNaming.ResourceName(Customer(6)));
        await app.Client.SetRouteDomainsAsync(shard, [], default);
        await app.Client.SetProtectedDomainsAsync(shard, [.. (await app.Client.GetProtectedDomainsAsync(shard, default))!.Where(id => !id.EndsWith(CustomDomainNaming.ResourceName(Customer(6)), StringComparison.OrdinalIgnoreCase))], default);
        await app.Client.DeleteCustomDomainAsync(shard, CustomDomainNaming.ResourceName(Customer(6)), default);

        await app.Admin.PutAsync(Customer(7), Testing, default);
        await GoLiveAsync(lab, app, Customer(7));

        Assert.Contains(lab.FrontDoor.RouteCustomDomains(shard.Profile, shard.Endpoint, shard.Route), id => id.EndsWith(CustomDomainNaming.ResourceName(Customer(7)), StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lab.FrontDoor.RouteCustomDomains(shard.Profile, shard.Endpoint, shard.Route), id => string.Equals(id, gone, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<List<Tenant>> AllAsync(ITenantStore store)
    {
        var all = new List<Tenant>();
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(1000, continuation, default);
            all.AddRange(page.Tenants);
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return all;
    }

    private static async Task<bool> AllLiveAsync(ITenantStore store, int count)
    {
        var all = await AllAsync(store);
        return all.Count == count && all.All(t => t.CustomDomain?.Stage == CustomDomainStage.Live);
    }
}
