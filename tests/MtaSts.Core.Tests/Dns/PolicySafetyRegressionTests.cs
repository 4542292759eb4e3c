using System.Text;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Dns;
using MtaSts.Core.Policies;
using MtaSts.Core.Serving;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Dns;

/// <summary>
/// One test per policy-safety defect of issue #10, each failing on the code before its fix: a sender must never keep
/// a policy we did not mean under the id it saw, and no record may be dropped while senders may hold its policy.
/// Window here: CacheSeconds 60 + SafetyMarginSeconds 60.
/// </summary>
public sealed class PolicySafetyRegressionTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(120);

    private readonly InMemoryTenantStore store = new();
    private readonly FakeTxtRecordPublisher dns = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly PolicyCache cache;
    private readonly TenantAdmin admin;
    private readonly PolicyIdRotator rotator;

    public PolicySafetyRegressionTests()
    {
        cache = new PolicyCache(store, time, TestOptions.Policy(60), TestOptions.Window(60, 60), NullLogger<PolicyCache>.Instance);
        admin = TestServices.Admin(store, time, cache);
        rotator = new PolicyIdRotator(store, dns, time, TestOptions.Window(60, 60), TestOptions.Rotation(60), TestOptions.Dns(), NullLogger<PolicyIdRotator>.Instance);
    }

    private Task<AdminResult> PutAsync(string mode, long maxAge = 604800, string mx = "mail.example.com") =>
        admin.PutAsync("example.com", Encoding.UTF8.GetBytes($$"""{"mode":"{{mode}}","mx":["{{mx}}"],"maxAge":{{maxAge}}}"""), default);

    private string? IdInDns() => StsTxtRecordParser.ParseRecordSet(dns.Records("_mta-sts.example.com")).Record?.Id;

    private async Task<string> ServedAsync() => Encoding.UTF8.GetString((await cache.GetAsync("example.com", default)).Body!);

    private async Task PublishAsync()
    {
        time.Advance(Window);
        await rotator.RunAsync(default);
    }

    [Fact]
    public async Task Defect1_reverting_a_policy_inside_the_window_still_gets_a_new_id()
    {
        await PutAsync("testing");
        await PublishAsync();
        var first = IdInDns();
        time.Advance(TimeSpan.FromHours(1));
        await PutAsync("enforce");
        Assert.Contains("mode: enforce", await ServedAsync(), StringComparison.Ordinal); // a sender may fetch this under the old id
        time.Advance(TimeSpan.FromSeconds(30));
        var reverted = await PutAsync("testing");

        Assert.Equal("pending-rotation", reverted.Tenant!.State);
        await PublishAsync();
        Assert.NotEqual(first, IdInDns());
        Assert.True(PolicyIdGenerator.Compare(IdInDns(), first) > 0);
    }

    [Fact]
    public async Task Defect1_a_re_put_during_offboarding_gets_a_new_id_even_when_it_restores_the_published_policy()
    {
        await PutAsync("enforce");
        await PublishAsync();
        var published = IdInDns();
        time.Advance(TimeSpan.FromHours(1));
        await admin.DeleteAsync("example.com", default);
        Assert.Contains("mode: none", await ServedAsync(), StringComparison.Ordinal);

        var back = await PutAsync("enforce");

        Assert.Equal("pending-rotation", back.Tenant!.State);
        await PublishAsync();
        Assert.True(PolicyIdGenerator.Compare(IdInDns(), published) > 0);
    }

    [Fact]
    public async Task Defect2_a_tenant_changed_before_its_first_publication_waits_the_window()
    {
        await PutAsync("testing");
        Assert.Contains("mode: testing", await ServedAsync(), StringComparison.Ordinal); // a probe before the TXT exists
        time.Advance(TimeSpan.FromSeconds(10));
        await PutAsync("enforce");
        time.Advance(TimeSpan.FromSeconds(10));

        await rotator.RunAsync(default);

        Assert.Null(IdInDns());
        time.Advance(Window - TimeSpan.FromSeconds(10));
        await rotator.RunAsync(default);
        Assert.NotNull(IdInDns());
    }

    [Fact]
    public async Task Defect3_a_record_whose_row_update_failed_is_offboarded_not_forgotten()
    {
        await PutAsync("testing");
        store.BeforeUpdate = t =>
        {
            if (t.PublishedId is not null)
            {
                throw new RequestFailedException(503, "table storage is unavailable");
            }
        };
        await PublishAsync();
        store.BeforeUpdate = null;
        Assert.NotNull(IdInDns());

        var deleted = await admin.DeleteAsync("example.com", default);

        Assert.Equal(AdminOutcome.Offboarding, deleted.Outcome);
        Assert.Single(store.All);
    }

    [Fact]
    public async Task Defect3_a_record_whose_row_update_lost_a_race_is_offboarded_not_forgotten()
    {
        await PutAsync("testing");
        dns.AfterWrite = _ =>
        {
            dns.AfterWrite = null;
            PutAsync("enforce").GetAwaiter().GetResult();
        };
        await PublishAsync();
        Assert.NotNull(IdInDns());

        var deleted = await admin.DeleteAsync("example.com", default);

        Assert.Equal(AdminOutcome.Offboarding, deleted.Outcome);
        Assert.Single(store.All);
    }

    [Fact]
    public async Task Defect4_offboarding_waits_for_the_largest_max_age_served_since_publication()
    {
        await PutAsync("enforce", maxAge: 31557600);
        await PublishAsync();
        time.Advance(TimeSpan.FromDays(1));
        await PutAsync("enforce", maxAge: 86400, mx: "mx2.example.com");
        var replaced = time.GetUtcNow();
        await PublishAsync();
        await admin.DeleteAsync("example.com", default);
        await PublishAsync();

        time.Advance(TimeSpan.FromDays(30));
        await rotator.RunAsync(default);
        Assert.NotNull(IdInDns());
        Assert.Single(store.All);

        var heldUntil = store.All.Single().HeldUntil!.Value;
        Assert.True(heldUntil >= replaced + Window + dns.RecordTtl + TimeSpan.FromSeconds(31557600));
        time.SetUtcNow(heldUntil - TimeSpan.FromSeconds(1));
        await rotator.RunAsync(default);
        Assert.NotNull(IdInDns());
        time.SetUtcNow(heldUntil);
        await rotator.RunAsync(default);
        Assert.Null(IdInDns());
        time.Advance(dns.RecordTtl + TimeSpan.FromSeconds(60)); // and the propagation time
        await rotator.RunAsync(default);
        Assert.Empty(store.All);
    }

    [Fact]
    public async Task Defect5_a_stale_copy_is_served_only_while_it_cannot_be_older_than_the_window()
    {
        await PutAsync("testing");
        await ServedAsync();
        store.BeforeRead = _ => throw new RequestFailedException(503, "storage down");

        time.Advance(TimeSpan.FromSeconds(89));
        var withinLimit = await cache.GetAsync("example.com", default);
        time.Advance(TimeSpan.FromSeconds(1));
        var beyond = await cache.GetAsync("example.com", default);

        Assert.Equal((PolicyLookupStatus.Found, true), (withinLimit.Status, withinLimit.Stale));
        Assert.Equal(PolicyLookupStatus.Unavailable, beyond.Status);
    }

    [Fact]
    public async Task Defect6_a_put_is_served_at_once_by_the_instance_that_took_it()
    {
        await PutAsync("testing");
        Assert.Contains("mode: testing", await ServedAsync(), StringComparison.Ordinal);

        await PutAsync("enforce");

        Assert.Contains("mode: enforce", await ServedAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Review of #10: a change is stamped before its write. A write that took 100 s (the SDK retrying it) left the
    /// stamp 100 s before any instance could read the change, so its id came out while instances still served the
    /// older policy. A slow write is now stamped again once done.
    /// </summary>
    [Fact]
    public async Task Review_a_slow_admin_write_starts_the_window_when_the_write_is_done()
    {
        await PutAsync("testing");
        await PublishAsync();
        time.Advance(TimeSpan.FromHours(1));
        store.BeforeUpdate = _ => { store.BeforeUpdate = null; time.Advance(TimeSpan.FromSeconds(100)); };
        var started = time.GetUtcNow();

        var put = await PutAsync("enforce");

        Assert.Equal(started.AddSeconds(100) + Window, put.Tenant!.RotationDueAt);
        time.Advance(Window - TimeSpan.FromSeconds(1));
        await rotator.RunAsync(default);
        Assert.Equal("pending-rotation", (await admin.GetAsync("example.com", default)).Tenant!.State);
    }

    /// <summary>
    /// Review of #10: only the last 16 changes were kept, so changes faster than one per window/16 (two automations
    /// flipping a policy every few seconds) left no kept change old enough, and no id was published for as long as they went on.
    /// </summary>
    [Fact]
    public async Task Review_a_stream_of_changes_faster_than_the_window_still_gets_ids()
    {
        await PutAsync("testing");
        await PublishAsync();
        var first = IdInDns();
        var published = new HashSet<string?> { first };
        for (var second = 0; second < 600; second += 5)
        {
            await PutAsync(second % 10 == 0 ? "enforce" : "testing", maxAge: 86400 + second);
            time.Advance(TimeSpan.FromSeconds(5));
            if (second % 60 == 0)
            {
                await rotator.RunAsync(default);
                published.Add(IdInDns());
            }
        }

        Assert.True(published.Count >= 3, $"ids during ten minutes of changes: {string.Join(", ", published)}");
        var tenant = store.All.Single();
        Assert.True(tenant.ServedMaxAge >= 86400 + 590 - 120, $"max_age of the changes covered: {tenant.ServedMaxAge}");
    }

    /// <summary>
    /// Review of #10: the removal was claimed with the run's start time; a run that stopped after the delete and before
    /// it recorded the real time left the TTL wait counting from before the record went.
    /// </summary>
    [Fact]
    public async Task Review_a_removal_claim_never_dates_the_removal_earlier_than_it_was()
    {
        await PutAsync("enforce", maxAge: 86400);
        await PublishAsync();
        await admin.DeleteAsync("example.com", default);
        await PublishAsync();
        time.Advance(TimeSpan.FromDays(2));
        var updates = 0;
        store.BeforeUpdate = _ =>
        {
            if (++updates == 2)
            {
                throw new RequestFailedException(503, "the run stops here");
            }
        };
        var runStarted = time.GetUtcNow();

        await rotator.RunAsync(default);

        Assert.Null(IdInDns());
        var row = store.All.Single();
        Assert.True(row.RecordRemovedAt >= runStarted + PolicyIdRotator.RemovalClaimAllowance, $"removal recorded at {row.RecordRemovedAt:o}");
        store.BeforeUpdate = null;
        time.Advance(TimeSpan.FromMinutes(10));
        await rotator.RunAsync(default);
        Assert.Single(store.All);
    }

    /// <summary>Review of #10: checking the old id of a tenant whose next id waits its window put it into backoff on a DNS fault, holding off the new id.</summary>
    [Fact]
    public async Task Review_a_failed_check_of_the_old_id_does_not_hold_off_the_new_one()
    {
        await PutAsync("testing");
        await PublishAsync();
        var first = IdInDns();
        time.Advance(TimeSpan.FromHours(1));
        await PutAsync("enforce");
        dns.BeforeCall = _ => throw new DnsPublishException("DNS is down");
        await rotator.RunAsync(default);
        dns.BeforeCall = null;

        Assert.Null(store.All.Single().NextAttemptAt);
        await PublishAsync();
        Assert.NotEqual(first, IdInDns());
    }
}
