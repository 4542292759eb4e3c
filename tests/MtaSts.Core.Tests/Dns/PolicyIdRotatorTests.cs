using System.Text;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Dns;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Dns;

/// <summary>
/// The rotation rules with a fake clock (window: CacheSeconds 60 + SafetyMarginSeconds 60): the window before every
/// id, races with admin changes, the intent on the row before DNS is touched, increasing ids, failures and backoff,
/// drift and offboarding.
/// </summary>
public sealed class PolicyIdRotatorTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(120);

    private readonly InMemoryTenantStore store = new();
    private readonly FakeTxtRecordPublisher dns = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private PolicyIdRotator Rotator(int verifyBatch = 20, int maxBackoff = 3600) => new(
        store, dns, time, TestOptions.Window(60, 60), Options.Create(new RotationOptions { SafetyMarginSeconds = 60, VerifyBatchSize = verifyBatch, MaxBackoffSeconds = maxBackoff }),
        TestOptions.Dns(), NullLogger<PolicyIdRotator>.Instance);

    private TenantAdmin Admin => TestServices.Admin(store, time);

    private Task PutAsync(string domain, string mode, long maxAge = 604800) =>
        Admin.PutAsync(domain, Encoding.UTF8.GetBytes($$"""{"mode":"{{mode}}","mx":["mail.{{domain}}"],"maxAge":{{maxAge}}}"""), default);

    /// <summary>PUT, wait the window, run: the tenant's first id goes out at 12:02:00 when started at 12:00:00.</summary>
    private async Task CreateAndPublishAsync(string domain, string mode = "testing", long maxAge = 604800, int verifyBatch = 20)
    {
        await PutAsync(domain, mode, maxAge);
        time.Advance(Window);
        await Rotator(verifyBatch).RunAsync(default);
    }

    private async Task PublishAfterTheWindowAsync()
    {
        time.Advance(Window);
        await Rotator().RunAsync(default);
    }

    private Tenant Tenant(string domain) => store.All.Single(t => t.Domain == domain);

    private string? IdInDns(string domain) =>
        MtaSts.Core.Policies.StsTxtRecordParser.ParseRecordSet(dns.Records("_mta-sts." + domain)).Record?.Id;

    [Fact]
    public async Task A_new_tenant_is_published_once_the_window_has_passed()
    {
        await PutAsync("example.com", "testing");

        var early = await Rotator().RunAsync(default);
        time.Advance(Window - TimeSpan.FromSeconds(1));
        await Rotator().RunAsync(default);
        Assert.Empty(dns.Records("_mta-sts.example.com"));
        time.Advance(TimeSpan.FromSeconds(1));
        var summary = await Rotator().RunAsync(default);

        Assert.Equal((1, 0, 1), (early.Waiting, early.Published, early.Scanned));
        Assert.Equal((1, 0), (summary.Published, summary.Waiting));
        Assert.Equal(["v=STSv1; id=20261129120200"], dns.Records("_mta-sts.example.com"));
        var tenant = Tenant("example.com");
        Assert.False(tenant.RotationPending);
        Assert.Equal(("20261129120200", 1L, tenant.PolicyHash), (tenant.PublishedId, tenant.PublishedVersion, tenant.PublishedHash));
        Assert.Equal((time.GetUtcNow(), time.GetUtcNow()), (tenant.PublishedAt, tenant.LastVerifiedAt));
        Assert.Null(tenant.PublishingId);
        Assert.Null(tenant.PublishingVersion);
    }

    [Fact]
    public async Task A_changed_policy_gets_its_new_id_only_after_the_cache_window()
    {
        await CreateAndPublishAsync("example.com");
        time.Advance(TimeSpan.FromHours(1));
        await PutAsync("example.com", "enforce");
        var changedAt = time.GetUtcNow();

        for (var second = 0; second < 120; second += 10)
        {
            time.SetUtcNow(changedAt.AddSeconds(second));
            await Rotator().RunAsync(default);
            Assert.Equal("20261129120200", IdInDns("example.com"));
            Assert.True(Tenant("example.com").RotationPending);
        }

        time.SetUtcNow(changedAt.AddSeconds(120));
        var summary = await Rotator().RunAsync(default);

        Assert.Equal(1, summary.Published);
        Assert.Equal("20261129130400", IdInDns("example.com"));
        Assert.False(Tenant("example.com").RotationPending);
        Assert.Equal(2, Tenant("example.com").PublishedVersion);
    }

    [Fact]
    public async Task An_admin_change_during_the_rotation_leaves_the_tenant_pending_with_the_new_window_and_the_row_knowing_the_record()
    {
        await CreateAndPublishAsync("example.com");
        time.Advance(TimeSpan.FromHours(1));
        await PutAsync("example.com", "enforce");
        time.Advance(TimeSpan.FromMinutes(5));
        dns.AfterWrite = _ =>
        {
            dns.AfterWrite = null;
            PutAsync("example.com", "enforce", 1209600).Wait();
        };

        var raced = await Rotator().RunAsync(default);
        var idDuringRace = IdInDns("example.com");

        Assert.Equal((0, 1), (raced.Published, raced.Waiting));
        var tenant = Tenant("example.com");
        Assert.True(tenant.RotationPending);
        Assert.Equal("20261129120200", tenant.PublishedId);
        Assert.Equal((idDuringRace, 2L), (tenant.PublishingId, tenant.PublishingVersion));

        time.Advance(TimeSpan.FromSeconds(30));
        await Rotator().RunAsync(default);
        Assert.True(Tenant("example.com").RotationPending);

        time.Advance(TimeSpan.FromSeconds(90));
        await Rotator().RunAsync(default);
        Assert.False(Tenant("example.com").RotationPending);
        Assert.True(PolicyIdGenerator.Compare(IdInDns("example.com"), idDuringRace) > 0);
        Assert.Contains("max_age: 1209600", Tenant("example.com").PolicyText, StringComparison.Ordinal);
        Assert.Null(Tenant("example.com").PublishingId);
    }

    [Fact]
    public async Task Ids_always_increase_even_for_publications_in_the_same_second()
    {
        await CreateAndPublishAsync("example.com");
        var ids = new List<string> { IdInDns("example.com")! };
        foreach (var mode in new[] { "enforce", "testing" })
        {
            // The admin's instance runs two minutes behind: its change is already out of the window at this second.
            var behind = TestServices.Admin(store, new SkewedTimeProvider(time, -Window));
            await behind.PutAsync("example.com", Encoding.UTF8.GetBytes($$"""{"mode":"{{mode}}","mx":["mail.example.com"]}"""), default);
            Assert.Equal(1, (await Rotator().RunAsync(default)).Published);
            ids.Add(IdInDns("example.com")!);
        }

        Assert.Equal(["20261129120200", "202611291202001", "202611291202002"], ids);
    }

    [Fact]
    public async Task A_failed_dns_write_keeps_the_intent_and_the_next_id_is_greater_than_the_intended_one()
    {
        await PutAsync("example.com", "testing");
        time.Advance(Window);
        dns.AfterWrite = _ => throw new DnsPublishException("timed out after the server applied it");

        var failed = await Rotator().RunAsync(default);

        Assert.Equal(1, failed.Failed);
        var tenant = Tenant("example.com");
        Assert.Equal(("20261129120200", (string?)null), (tenant.PublishingId, tenant.PublishedId));
        Assert.True(tenant.RecordMayExist);
        Assert.Equal("publish: timed out after the server applied it", tenant.LastError);

        // The record is gone from what the next run reads, and the retry happens in the same second (no backoff
        // recorded): only the intent on the row keeps the next id from repeating the one that may be out there.
        dns.AfterWrite = null;
        dns.Set("_mta-sts.example.com");
        await store.UpdateAsync(tenant with { NextAttemptAt = null }, default);
        await Rotator().RunAsync(default);
        Assert.Equal("202611291202001", IdInDns("example.com"));
    }

    [Fact]
    public async Task One_tenant_failing_does_not_stop_the_others_and_is_retried_with_doubling_backoff_up_to_the_limit()
    {
        await PutAsync("bad.example", "testing");
        await PutAsync("good.example", "testing");
        time.Advance(Window);
        dns.BeforeCall = name =>
        {
            if (name.Name.Contains("bad.example", StringComparison.Ordinal))
            {
                throw new DnsPublishException("server said no");
            }
        };

        var first = await Rotator(maxBackoff: 180).RunAsync(default);

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
        time.Advance(TimeSpan.FromSeconds(59));
        var backingOff = await Rotator(verifyBatch: 0, maxBackoff: 180).RunAsync(default);
        Assert.Equal(calls, dns.Reads + dns.Writes);
        Assert.Equal((1, 0), (backingOff.Waiting, backingOff.Failed));

        time.Advance(TimeSpan.FromSeconds(1));
        await Rotator(verifyBatch: 0, maxBackoff: 180).RunAsync(default);
        Assert.Equal(2, Tenant("bad.example").FailedAttempts);
        Assert.Equal(time.GetUtcNow().AddMinutes(2), Tenant("bad.example").NextAttemptAt);

        time.Advance(TimeSpan.FromMinutes(2));
        await Rotator(verifyBatch: 0, maxBackoff: 180).RunAsync(default);
        Assert.Equal(3, Tenant("bad.example").FailedAttempts);
        Assert.Equal(time.GetUtcNow().AddMinutes(3), Tenant("bad.example").NextAttemptAt);

        dns.BeforeCall = null;
        time.Advance(TimeSpan.FromMinutes(3));
        await Rotator().RunAsync(default);
        Assert.False(Tenant("bad.example").RotationPending);
        Assert.Null(Tenant("bad.example").LastError);
        Assert.Equal(0, Tenant("bad.example").FailedAttempts);
        Assert.Null(Tenant("bad.example").NextAttemptAt);
    }

    [Fact]
    public async Task A_failure_is_recorded_on_the_row_as_it_is_after_the_intent()
    {
        await PutAsync("example.com", "testing");
        time.Advance(Window);
        dns.BeforeCall = name =>
        {
            if (dns.Writes > 0)
            {
                throw new DnsPublishException("write refused");
            }
        };

        await Rotator().RunAsync(default);

        var tenant = Tenant("example.com");
        Assert.Equal(("publish: write refused", 1), (tenant.LastError, tenant.FailedAttempts));
        Assert.NotNull(tenant.PublishingId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v=STSv1; id=edited")]
    [InlineData("v=STSv1; id=20261129120200|v=STSv1; id=20261129120200")]
    [InlineData("v=STSv1; id=20261129120200; x")]
    public async Task Drift_is_repaired_and_other_strings_are_kept(string driftedRecords)
    {
        var drifted = driftedRecords.Split('|', StringSplitOptions.RemoveEmptyEntries);
        await CreateAndPublishAsync("example.com");
        dns.Set("_mta-sts.example.com", [.. drifted, "unrelated=1"]);
        time.Advance(TimeSpan.FromMinutes(5));

        var summary = await Rotator().RunAsync(default);

        Assert.Equal((1, 1), (summary.Repaired, summary.Verified));
        Assert.Equal(["unrelated=1", "v=STSv1; id=20261129120200"], dns.Records("_mta-sts.example.com"));
        Assert.Equal(time.GetUtcNow(), Tenant("example.com").LastVerifiedAt);
    }

    [Fact]
    public async Task Verification_never_moves_the_id_back_to_an_older_one_of_ours_and_says_so()
    {
        await CreateAndPublishAsync("example.com");
        dns.Set("_mta-sts.example.com", "v=STSv1; id=20261129130000");
        time.Advance(TimeSpan.FromMinutes(5));

        var summary = await Rotator().RunAsync(default);

        Assert.Equal((0, 0, 1), (summary.Repaired, summary.Verified, summary.Waiting));
        Assert.Equal("20261129130000", IdInDns("example.com"));
        Assert.Equal(time.GetUtcNow(), Tenant("example.com").LastVerifiedAt); // it goes to the back of the verification queue
        Assert.Contains("newer than the published", Tenant("example.com").LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_of_changes_still_gets_new_ids_for_every_change_that_waited_its_window()
    {
        await CreateAndPublishAsync("example.com");
        var ids = new List<string?> { IdInDns("example.com") };
        for (var change = 0; change < 10; change++)
        {
            await PutAsync("example.com", change % 2 == 0 ? "enforce" : "testing", 604800 + change);
            time.Advance(TimeSpan.FromSeconds(100));
            await Rotator().RunAsync(default);
            ids.Add(IdInDns("example.com"));
        }

        // Every change is 100 s after the last, inside the 120 s window: each run publishes for the change before.
        Assert.Equal(10, ids.Distinct().Count()); // the first run had nothing due yet, each later one a new id
        Assert.True(Tenant("example.com").RotationPending);
        Assert.Equal(Tenant("example.com").PolicyVersion - 1, Tenant("example.com").PublishedVersion);
        Assert.Null(Tenant("example.com").PublishedHash);
        time.Advance(Window);
        await Rotator().RunAsync(default);
        Assert.False(Tenant("example.com").RotationPending);
        Assert.Equal(Tenant("example.com").PolicyHash, Tenant("example.com").PublishedHash);
    }

    [Fact]
    public async Task An_intact_record_is_verified_without_a_write()
    {
        await CreateAndPublishAsync("example.com");
        var writes = dns.Writes;
        time.Advance(TimeSpan.FromMinutes(5));

        var summary = await Rotator().RunAsync(default);

        Assert.Equal((1, 0, 0), (summary.Verified, summary.Repaired, summary.Published));
        Assert.Equal(writes, dns.Writes);
        Assert.Equal(time.GetUtcNow(), Tenant("example.com").LastVerifiedAt);
    }

    [Fact]
    public async Task Verification_takes_a_bounded_batch_least_recently_verified_first()
    {
        foreach (var domain in new[] { "c.example", "a.example", "b.example" })
        {
            await CreateAndPublishAsync(domain, verifyBatch: 0);
        }

        var reads = dns.Reads;
        time.Advance(TimeSpan.FromMinutes(1));
        var summary = await Rotator(verifyBatch: 2).RunAsync(default);

        Assert.Equal(2, summary.Verified);
        Assert.Equal(reads + 2, dns.Reads);
        Assert.Equal(time.GetUtcNow(), Tenant("c.example").LastVerifiedAt);
        Assert.Equal(time.GetUtcNow(), Tenant("a.example").LastVerifiedAt);
        Assert.NotEqual(time.GetUtcNow(), Tenant("b.example").LastVerifiedAt);
    }

    [Fact]
    public async Task A_tenant_in_backoff_is_neither_verified_nor_retired()
    {
        await CreateAndPublishAsync("example.com");
        var tenant = Tenant("example.com");
        await store.UpdateAsync(tenant with { NextAttemptAt = time.GetUtcNow().AddMinutes(10), FailedAttempts = 1 }, default);
        var reads = dns.Reads;

        var summary = await Rotator().RunAsync(default);

        Assert.Equal((0, 0), (summary.Verified, summary.Retired));
        Assert.Equal(reads, dns.Reads);
    }

    [Fact]
    public async Task Offboarding_publishes_mode_none_then_removes_record_and_tenant_after_the_old_max_age()
    {
        await CreateAndPublishAsync("example.com", "enforce", 1209600);
        dns.Set("_mta-sts.example.com", "v=STSv1; id=20261129120200", "keep=me");
        time.Advance(TimeSpan.FromDays(1));
        await Admin.DeleteAsync("example.com", default);

        time.Advance(TimeSpan.FromSeconds(119));
        await Rotator().RunAsync(default);
        Assert.Equal("20261129120200", IdInDns("example.com"));

        time.Advance(TimeSpan.FromSeconds(1));
        await Rotator().RunAsync(default);
        var noneAt = time.GetUtcNow();
        Assert.Equal("20261130120400", IdInDns("example.com"));
        Assert.Contains("mode: none", Tenant("example.com").PolicyText, StringComparison.Ordinal);

        // A sender may have renewed the enforce policy until its id left DNS now: it keeps it for the TTL, then max_age.
        var heldUntil = noneAt + TimeSpan.FromSeconds(300 + 60 + 1209600); // TTL + propagation + max_age
        Assert.Equal((heldUntil, 0L), (Tenant("example.com").HeldUntil, Tenant("example.com").ServedMaxAge));
        Assert.Equal(heldUntil, (await Admin.GetAsync("example.com", default)).Tenant!.RemovalDueAt);

        time.SetUtcNow(heldUntil - TimeSpan.FromSeconds(1));
        var early = await Rotator().RunAsync(default);
        Assert.Equal((0, 1), (early.Retired, early.Verified));
        Assert.Equal("20261130120400", IdInDns("example.com"));

        time.SetUtcNow(heldUntil);
        var withdrawn = await Rotator().RunAsync(default);
        Assert.Equal((0, 0), (withdrawn.Retired, withdrawn.Verified));
        Assert.Equal(["keep=me"], dns.Records("_mta-sts.example.com"));
        Assert.Equal(time.GetUtcNow(), Tenant("example.com").RecordRemovedAt);

        // The row stays while resolvers may still hand out the removed record (its TTL, 300 s here, and the propagation time, 60 s).
        time.Advance(TimeSpan.FromSeconds(359));
        Assert.Equal(0, (await Rotator().RunAsync(default)).Retired);
        Assert.Single(store.All);
        time.Advance(TimeSpan.FromSeconds(1));
        var summary = await Rotator().RunAsync(default);
        Assert.Equal(1, summary.Retired);
        Assert.Empty(store.All);
        Assert.Equal(["keep=me"], dns.Records("_mta-sts.example.com"));
    }

    [Fact]
    public async Task A_record_that_came_back_after_removal_is_removed_again_before_the_row_goes()
    {
        await CreateAndPublishAsync("example.com", "testing", 86400);
        await Admin.DeleteAsync("example.com", default);
        await PublishAfterTheWindowAsync();
        time.SetUtcNow(Tenant("example.com").HeldUntil!.Value);
        await Rotator().RunAsync(default);
        Assert.Null(IdInDns("example.com"));
        dns.Set("_mta-sts.example.com", "v=STSv1; id=20261129120200"); // another run's late write, or a hand edit

        time.Advance(TimeSpan.FromSeconds(360));
        await Rotator().RunAsync(default);

        Assert.Single(store.All);
        Assert.Null(IdInDns("example.com"));
        Assert.Equal(time.GetUtcNow(), Tenant("example.com").RecordRemovedAt);
        time.Advance(TimeSpan.FromSeconds(360));
        Assert.Equal(1, (await Rotator().RunAsync(default)).Retired);
        Assert.Empty(store.All);
    }

    [Fact]
    public async Task Offboarding_that_races_a_re_put_keeps_the_tenant()
    {
        await CreateAndPublishAsync("example.com", "enforce", 86400);
        await Admin.DeleteAsync("example.com", default);
        await PublishAfterTheWindowAsync();
        time.SetUtcNow(Tenant("example.com").HeldUntil!.Value);
        dns.AfterWrite = _ =>
        {
            dns.AfterWrite = null;
            PutAsync("example.com", "testing").Wait();
        };

        var summary = await Rotator().RunAsync(default);

        Assert.Equal(0, summary.Retired);
        Assert.Equal(TenantState.Active, Tenant("example.com").State);
        Assert.Null(Tenant("example.com").RecordRemovedAt);
        time.Advance(Window);
        await Rotator().RunAsync(default);
        Assert.NotNull(IdInDns("example.com"));
        Assert.False(Tenant("example.com").RotationPending);
    }

    [Fact]
    public async Task A_tenant_re_created_while_its_removed_record_may_still_be_cached_is_offboarded_again()
    {
        await CreateAndPublishAsync("example.com", "enforce", 86400);
        await Admin.DeleteAsync("example.com", default);
        await PublishAfterTheWindowAsync();
        time.Advance(TimeSpan.FromDays(2));
        await Rotator().RunAsync(default);
        Assert.Null(IdInDns("example.com"));

        time.Advance(TimeSpan.FromSeconds(60));
        var back = await Admin.PutAsync("example.com", Encoding.UTF8.GetBytes("""{"mode":"testing","mx":["mail.example.com"]}"""), default);
        Assert.Equal(AdminOutcome.Updated, back.Outcome);
        Assert.Null(Tenant("example.com").RecordRemovedAt);
        Assert.Equal(AdminOutcome.Offboarding, (await Admin.DeleteAsync("example.com", default)).Outcome);
    }

    [Fact]
    public async Task A_dns_timeout_is_a_failure_with_backoff_but_cancelling_the_run_stops_it()
    {
        await PutAsync("example.com", "testing");
        time.Advance(Window);
        dns.BeforeCall = _ => throw new TaskCanceledException("the DNS server did not answer in time");

        var timedOut = await Rotator().RunAsync(default);

        Assert.Equal(1, timedOut.Failed);
        Assert.Equal("publish: the DNS server did not answer in time", Tenant("example.com").LastError);

        using var cancel = new CancellationTokenSource();
        dns.BeforeCall = _ =>
        {
            cancel.Cancel();
            cancel.Token.ThrowIfCancellationRequested();
        };
        time.Advance(TimeSpan.FromMinutes(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Rotator().RunAsync(cancel.Token));
        Assert.Equal(1, Tenant("example.com").FailedAttempts);
    }

    [Fact]
    public async Task A_failure_that_cannot_be_recorded_still_ends_the_run_normally()
    {
        await PutAsync("a.example", "testing");
        await PutAsync("b.example", "testing");
        time.Advance(Window);
        dns.BeforeCall = name =>
        {
            if (name.Name.Contains("a.example", StringComparison.Ordinal))
            {
                throw new DnsPublishException("no");
            }
        };
        store.BeforeUpdate = t =>
        {
            if (t.LastError is not null)
            {
                throw new RequestFailedException(503, "table down");
            }
        };

        var summary = await Rotator().RunAsync(default);

        Assert.Equal((1, 1), (summary.Published, summary.Failed));
        Assert.Null(Tenant("a.example").LastError);
    }

    [Fact]
    public async Task A_table_fault_while_listing_fails_the_run_before_any_dns_call()
    {
        await PutAsync("example.com", "testing");
        time.Advance(Window);
        store.BeforeRead = _ => throw new RequestFailedException(503, "down");
        var failing = new FailingListStore(store);
        var rotator = new PolicyIdRotator(failing, dns, time, TestOptions.Window(60, 60), TestOptions.Rotation(), TestOptions.Dns(), NullLogger<PolicyIdRotator>.Instance);

        await Assert.ThrowsAsync<RequestFailedException>(() => rotator.RunAsync(default));
        Assert.Equal(0, dns.Reads + dns.Writes);
    }

    [Fact]
    public async Task Delegation_zone_mode_writes_domain_dot_zone()
    {
        await PutAsync("example.com", "testing");
        time.Advance(Window);
        var rotator = new PolicyIdRotator(store, dns, time, TestOptions.Window(), TestOptions.Rotation(), TestOptions.Dns("policies.example.net"), NullLogger<PolicyIdRotator>.Instance);

        await rotator.RunAsync(default);

        Assert.Equal(["v=STSv1; id=20261129120200"], dns.Records("example.com.policies.example.net"));
    }

    private sealed class FailingListStore(InMemoryTenantStore inner) : ITenantStore
    {
        public Task<Tenant?> GetAsync(string domain, CancellationToken cancellationToken) => inner.GetAsync(domain, cancellationToken);

        public Task<string?> GetPolicyTextAsync(string domain, CancellationToken cancellationToken) => inner.GetPolicyTextAsync(domain, cancellationToken);

        public Task<Tenant> AddAsync(Tenant tenant, CancellationToken cancellationToken) => inner.AddAsync(tenant, cancellationToken);

        public Task<Tenant> UpdateAsync(Tenant tenant, CancellationToken cancellationToken) => inner.UpdateAsync(tenant, cancellationToken);

        public Task DeleteAsync(Tenant tenant, CancellationToken cancellationToken) => inner.DeleteAsync(tenant, cancellationToken);

        public Task<TenantPage> ListAsync(int pageSize, string? continuation, CancellationToken cancellationToken) =>
            throw new RequestFailedException(503, "table storage is unavailable");
    }
}
