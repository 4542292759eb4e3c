using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Dns;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Dns;

/// <summary>The rotation rules with a fake clock: the cache window, races with admin changes, increasing ids, failures, drift and offboarding.</summary>
public sealed class PolicyIdRotatorTests
{
    private readonly InMemoryTenantStore store = new();
    private readonly FakeTxtRecordPublisher dns = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private PolicyIdRotator Rotator(int verifyBatch = 20) => new(
        store, dns, time, TestOptions.Window(60, 60), TestOptions.Rotation(60, verifyBatch), TestOptions.Dns(), NullLogger<PolicyIdRotator>.Instance);

    private TenantAdmin Admin => new(store, time, new CustomerRecordPlanner(TestOptions.Serving(), TestOptions.Dns()), TestOptions.Window(60, 60), NullLogger<TenantAdmin>.Instance);

    private Task PutAsync(string domain, string mode, long maxAge = 604800) =>
        Admin.PutAsync(domain, Encoding.UTF8.GetBytes($$"""{"mode":"{{mode}}","mx":["mail.{{domain}}"],"maxAge":{{maxAge}}}"""), default);

    private Tenant Tenant(string domain) => store.All.Single(t => t.Domain == domain);

    private string? IdInDns(string domain) =>
        MtaSts.Core.Policies.StsTxtRecordParser.ParseRecordSet(dns.Records("_mta-sts." + domain)).Record?.Id;

    [Fact]
    public async Task A_new_tenant_is_published_on_the_next_run_without_waiting()
    {
        await PutAsync("example.com", "testing");

        var summary = await Rotator().RunAsync(default);

        Assert.Equal(1, summary.Published);
        Assert.Equal(["v=STSv1; id=20261129120000"], dns.Records("_mta-sts.example.com"));
        Assert.False(Tenant("example.com").RotationPending);
        Assert.Equal("20261129120000", Tenant("example.com").PublishedId);
    }

    [Fact]
    public async Task A_changed_policy_gets_its_new_id_only_after_the_cache_window()
    {
        await PutAsync("example.com", "testing");
        await Rotator().RunAsync(default);
        time.Advance(TimeSpan.FromHours(1));
        await PutAsync("example.com", "enforce");
        var changedAt = time.GetUtcNow();

        for (var second = 0; second < 120; second += 10)
        {
            time.SetUtcNow(changedAt.AddSeconds(second));
            await Rotator().RunAsync(default);
            Assert.Equal("20261129120000", IdInDns("example.com"));
            Assert.True(Tenant("example.com").RotationPending);
        }

        time.SetUtcNow(changedAt.AddSeconds(120));
        var summary = await Rotator().RunAsync(default);

        Assert.Equal(1, summary.Published);
        Assert.Equal("20261129130200", IdInDns("example.com"));
        Assert.False(Tenant("example.com").RotationPending);
    }

    [Fact]
    public async Task An_admin_change_during_the_rotation_leaves_the_tenant_pending_with_the_new_window()
    {
        await PutAsync("example.com", "testing");
        await Rotator().RunAsync(default);
        time.Advance(TimeSpan.FromHours(1));
        await PutAsync("example.com", "enforce");
        time.Advance(TimeSpan.FromMinutes(5));
        dns.AfterWrite = _ =>
        {
            dns.AfterWrite = null;
            PutAsync("example.com", "enforce", 1209600).Wait();
        };

        await Rotator().RunAsync(default);
        var idDuringRace = IdInDns("example.com");

        Assert.True(Tenant("example.com").RotationPending);
        Assert.Equal("20261129120000", Tenant("example.com").PublishedId);

        time.Advance(TimeSpan.FromSeconds(30));
        await Rotator().RunAsync(default);
        Assert.True(Tenant("example.com").RotationPending);

        time.Advance(TimeSpan.FromSeconds(90));
        await Rotator().RunAsync(default);
        Assert.False(Tenant("example.com").RotationPending);
        Assert.True(PolicyIdGenerator.Compare(IdInDns("example.com"), idDuringRace) > 0);
        Assert.Contains("max_age: 1209600", Tenant("example.com").PolicyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_always_increase_even_within_one_second()
    {
        await PutAsync("example.com", "testing");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await PutAsync("example.com", i % 2 == 0 ? "enforce" : "testing");
            time.Advance(TimeSpan.FromSeconds(120));
            var rotationTime = time.GetUtcNow();
            await Rotator().RunAsync(default);
            ids.Add(IdInDns("example.com")!);
            time.SetUtcNow(rotationTime);
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(PolicyIdGenerator.Compare(ids[i], ids[i - 1]) > 0, string.Join(", ", ids));
        }
    }

    [Fact]
    public async Task One_tenant_failing_does_not_stop_the_others_and_is_retried_with_backoff()
    {
        await PutAsync("bad.example", "testing");
        await PutAsync("good.example", "testing");
        dns.BeforeCall = name =>
        {
            if (name.Name.Contains("bad.example", StringComparison.Ordinal))
            {
                throw new DnsPublishException("server said no");
            }
        };

        var first = await Rotator().RunAsync(default);

        Assert.Equal((1, 1), (first.Published, first.Failed));
        Assert.False(Tenant("good.example").RotationPending);
        var bad = Tenant("bad.example");
        Assert.True(bad.RotationPending);
        Assert.Equal("publish: server said no", bad.LastError);
        Assert.Equal(1, bad.FailedAttempts);
        Assert.Equal(time.GetUtcNow().AddMinutes(1), bad.NextAttemptAt);

        var view = (await Admin.GetAsync("bad.example", default)).Tenant!;
        Assert.Equal(("pending-rotation", "publish: server said no", 1), (view.State, view.LastError, view.FailedAttempts));
        Assert.Equal(bad.NextAttemptAt, view.NextAttemptAt);

        var calls = dns.Reads + dns.Writes;
        time.Advance(TimeSpan.FromSeconds(30));
        await Rotator(verifyBatch: 0).RunAsync(default);
        Assert.Equal(calls, dns.Reads + dns.Writes);

        time.Advance(TimeSpan.FromSeconds(31));
        await Rotator(verifyBatch: 0).RunAsync(default);
        Assert.Equal(2, Tenant("bad.example").FailedAttempts);
        Assert.Equal(time.GetUtcNow().AddMinutes(2), Tenant("bad.example").NextAttemptAt);

        dns.BeforeCall = null;
        time.Advance(TimeSpan.FromMinutes(2));
        await Rotator().RunAsync(default);
        Assert.False(Tenant("bad.example").RotationPending);
        Assert.Null(Tenant("bad.example").LastError);
        Assert.Equal(0, Tenant("bad.example").FailedAttempts);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v=STSv1; id=edited")]
    [InlineData("v=STSv1; id=20261129120000|v=STSv1; id=20261129120000")]
    [InlineData("v=STSv1; id=20261129120000; x")]
    public async Task Drift_is_repaired_and_other_strings_are_kept(string driftedRecords)
    {
        var drifted = driftedRecords.Split('|', StringSplitOptions.RemoveEmptyEntries);
        await PutAsync("example.com", "testing");
        await Rotator().RunAsync(default);
        dns.Set("_mta-sts.example.com", [.. drifted, "unrelated=1"]);
        time.Advance(TimeSpan.FromMinutes(5));

        var summary = await Rotator().RunAsync(default);

        Assert.Equal(1, summary.Repaired);
        Assert.Equal(["unrelated=1", "v=STSv1; id=20261129120000"], dns.Records("_mta-sts.example.com"));
        Assert.Equal(time.GetUtcNow(), Tenant("example.com").LastVerifiedAt);
    }

    [Fact]
    public async Task Verification_takes_a_bounded_batch_least_recently_verified_first()
    {
        foreach (var domain in new[] { "a.example", "b.example", "c.example" })
        {
            await PutAsync(domain, "testing");
            await Rotator().RunAsync(default);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var reads = dns.Reads;
        await Rotator(verifyBatch: 2).RunAsync(default);

        Assert.Equal(reads + 2, dns.Reads);
        Assert.Equal(time.GetUtcNow(), Tenant("a.example").LastVerifiedAt);
        Assert.Equal(time.GetUtcNow(), Tenant("b.example").LastVerifiedAt);
        Assert.NotEqual(time.GetUtcNow(), Tenant("c.example").LastVerifiedAt);
    }

    [Fact]
    public async Task Offboarding_publishes_mode_none_then_removes_record_and_tenant_after_the_old_max_age()
    {
        await PutAsync("example.com", "enforce", 1209600);
        await Rotator().RunAsync(default);
        dns.Set("_mta-sts.example.com", "v=STSv1; id=20261129120000", "keep=me");
        time.Advance(TimeSpan.FromDays(1));
        await Admin.DeleteAsync("example.com", default);

        time.Advance(TimeSpan.FromSeconds(119));
        await Rotator().RunAsync(default);
        Assert.Equal("20261129120000", IdInDns("example.com"));

        time.Advance(TimeSpan.FromSeconds(1));
        await Rotator().RunAsync(default);
        Assert.Equal("20261130120200", IdInDns("example.com"));
        Assert.Contains("mode: none", Tenant("example.com").PolicyText, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(1209599));
        await Rotator().RunAsync(default);
        Assert.Single(store.All);

        time.Advance(TimeSpan.FromSeconds(1));
        var summary = await Rotator().RunAsync(default);
        Assert.Equal(1, summary.Retired);
        Assert.Empty(store.All);
        Assert.Equal(["keep=me"], dns.Records("_mta-sts.example.com"));
    }

    [Fact]
    public async Task Delegation_zone_mode_writes_domain_dot_zone()
    {
        await PutAsync("example.com", "testing");
        var rotator = new PolicyIdRotator(store, dns, time, TestOptions.Window(), TestOptions.Rotation(), TestOptions.Dns("policies.example.net"), NullLogger<PolicyIdRotator>.Instance);

        await rotator.RunAsync(default);

        Assert.Equal(["v=STSv1; id=20261129120000"], dns.Records("example.com.policies.example.net"));
    }
}
