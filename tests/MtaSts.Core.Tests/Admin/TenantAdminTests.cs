using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Admin;

public sealed class TenantAdminTests
{
    private readonly InMemoryTenantStore store = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private TenantAdmin Admin(string? zone = null) => TestServices.Admin(store, time, zone: zone);

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public async Task Put_creates_then_reports_unchanged_then_changes_and_marks_pending()
    {
        var admin = Admin();
        var body = Json("""{"mode":"testing","mx":["mail.example.com"],"maxAge":86400}""");

        var created = await admin.PutAsync("Example.COM", body, default);
        Assert.Equal(AdminOutcome.Created, created.Outcome);
        Assert.Equal("example.com", created.Tenant!.Domain);
        Assert.Equal("pending-rotation", created.Tenant.State);
        Assert.Equal("version: STSv1\r\nmode: testing\r\nmx: mail.example.com\r\nmax_age: 86400\r\n", created.Tenant.Policy);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(AdminOutcome.Unchanged, (await admin.PutAsync("example.com", body, default)).Outcome);
        Assert.Equal(created.Tenant.PolicyChangedAt, store.All.Single().PolicyChangedAt);

        var published = store.All.Single();
        await store.UpdateAsync(published with { PublishedId = "20261129120000", PublishedVersion = published.PolicyVersion }, default);
        Assert.Equal("published", (await admin.GetAsync("example.com", default)).Tenant!.State);

        var changed = await admin.PutAsync("example.com", Json("""{"mode":"enforce","mx":["mail.example.com"],"maxAge":1209600}"""), default);
        Assert.Equal(AdminOutcome.Updated, changed.Outcome);
        Assert.Equal("pending-rotation", changed.Tenant!.State);
        Assert.Equal(time.GetUtcNow(), changed.Tenant.PolicyChangedAt);
        Assert.NotEqual(created.Tenant.PolicyHash, changed.Tenant.PolicyHash);
        Assert.Equal("20261129120000", changed.Tenant.PublishedId);
        Assert.Equal(2, store.All.Single().PolicyVersion);

        // Back to the published policy: still a change senders may have seen, so still pending (defect 1 of #10).
        var reverted = await admin.PutAsync("example.com", body, default);
        Assert.Equal(AdminOutcome.Updated, reverted.Outcome);
        Assert.Equal("pending-rotation", reverted.Tenant!.State);
        Assert.Equal(3, store.All.Single().PolicyVersion);
    }

    [Fact]
    public async Task Put_reports_every_problem()
    {
        var result = await Admin().PutAsync("example.com", Json("""{"mode":5,"mx":["bad..name",7],"maxAge":-1,"max_age":3}"""), default);

        Assert.Equal(AdminOutcome.Invalid, result.Outcome);
        Assert.Equal(5, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.StartsWith("mode must be", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("mx[1] must be", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("mx[0]: invalid mx", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("maxAge -1", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Contains("'max_age'", StringComparison.Ordinal));
        Assert.Empty(store.All);
    }

    [Theory]
    [InlineData("")]
    [InlineData("com")]
    [InlineData("exa mple.com")]
    [InlineData("192.0.2.1")]
    [InlineData("example..com")]
    public async Task Refuses_bad_domains(string domain)
    {
        var result = await Admin().PutAsync(domain, Json("""{"mode":"none"}"""), default);

        Assert.Equal(AdminOutcome.Invalid, result.Outcome);
        Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"enforce\"")]
    [InlineData("{\"mode\":\"enforce\"")]
    public async Task Refuses_bodies_that_are_not_a_json_object(string body)
    {
        Assert.Equal(AdminOutcome.Invalid, (await Admin().PutAsync("example.com", Json(body), default)).Outcome);
    }

    [Fact]
    public async Task Put_retries_when_another_writer_wins_the_race()
    {
        var admin = Admin();
        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["a.example.com"]}"""), default);
        var races = 1;
        store.BeforeUpdate = _ =>
        {
            if (races-- > 0)
            {
                throw new TenantConflictException("raced");
            }
        };

        var result = await admin.PutAsync("example.com", Json("""{"mode":"enforce","mx":["a.example.com"]}"""), default);

        Assert.Equal(AdminOutcome.Updated, result.Outcome);
    }

    [Fact]
    public async Task Put_gives_409_when_it_keeps_losing()
    {
        var admin = Admin();
        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["a.example.com"]}"""), default);
        store.BeforeUpdate = _ => throw new TenantConflictException("raced");

        Assert.Equal(AdminOutcome.Conflict, (await admin.PutAsync("example.com", Json("""{"mode":"enforce","mx":["a.example.com"]}"""), default)).Outcome);
    }

    [Fact]
    public async Task Delete_removes_a_tenant_never_published_at_once()
    {
        var admin = Admin();
        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["a.example.com"]}"""), default);

        Assert.Equal(AdminOutcome.Deleted, (await admin.DeleteAsync("example.com", default)).Outcome);
        Assert.Empty(store.All);
        Assert.Equal(AdminOutcome.NotFound, (await admin.DeleteAsync("example.com", default)).Outcome);
    }

    [Fact]
    public async Task Delete_of_a_published_tenant_withdraws_the_policy_with_mode_none()
    {
        var admin = Admin();
        await admin.PutAsync("example.com", Json("""{"mode":"enforce","mx":["a.example.com"],"maxAge":1209600}"""), default);
        var tenant = store.All.Single();
        await store.UpdateAsync(tenant with { PublishedId = "1", PublishedVersion = tenant.PolicyVersion }, default);
        time.Advance(TimeSpan.FromHours(1));

        var result = await admin.DeleteAsync("example.com", default);

        Assert.Equal(AdminOutcome.Offboarding, result.Outcome);
        Assert.Equal("offboarding", result.Tenant!.State);
        Assert.Equal("none", result.Tenant.Mode);
        // Senders may renew the enforce policy while its id is in DNS: how long they hold it is known once the
        // mode none id replaces it, so nothing is promised before.
        Assert.Equal((null, 1209600L), (store.All.Single().HeldUntil, store.All.Single().ServedMaxAge));
        Assert.Null(result.Tenant.RemovalDueAt);
        Assert.True(store.All.Single().RotationPending);
        var again = await admin.DeleteAsync("example.com", default);
        Assert.Equal(AdminOutcome.Offboarding, again.Outcome);
        Assert.Equal((2L, time.GetUtcNow()), (store.All.Single().PolicyVersion, store.All.Single().PolicyChangedAt)); // a second DELETE changes nothing

        var back = await admin.PutAsync("example.com", Json("""{"mode":"enforce","mx":["a.example.com"],"maxAge":1209600}"""), default);
        Assert.Equal("pending-rotation", back.Tenant!.State);
        Assert.Null(back.Tenant.RemovalDueAt);
        Assert.Equal(1209600, store.All.Single().ServedMaxAge);
        Assert.Equal([2L, 3L], store.All.Single().Changes.Select(c => c.Version)); // version 1 is published: nothing reads its change any more
    }

    [Fact]
    public async Task Delete_of_a_tenant_whose_first_id_is_being_written_withdraws_the_policy()
    {
        var admin = Admin();
        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["a.example.com"],"maxAge":86400}"""), default);
        var tenant = store.All.Single();
        await store.UpdateAsync(tenant with { PublishingId = "20261129120000", PublishingVersion = tenant.PolicyVersion }, default);

        var result = await admin.DeleteAsync("example.com", default);

        Assert.Equal(AdminOutcome.Offboarding, result.Outcome);
        Assert.Single(store.All);
    }

    [Fact]
    public async Task Changes_through_this_instance_are_served_by_its_cache_at_once()
    {
        var cache = new PolicyCache(store, time, TestOptions.Policy(), TestOptions.Window(), NullLogger<PolicyCache>.Instance);
        var admin = TestServices.Admin(store, time, cache);
        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["a.example.com"]}"""), default);
        Assert.Equal(PolicyLookupStatus.Found, (await cache.GetAsync("example.com", default)).Status);

        await admin.DeleteAsync("example.com", default);

        Assert.Equal(PolicyLookupStatus.NotFound, (await cache.GetAsync("example.com", default)).Status);
    }

    [Fact]
    public async Task List_pages_through_tenants_and_refuses_bad_page_sizes()
    {
        var admin = Admin();
        foreach (var domain in new[] { "c.example", "a.example", "b.example" })
        {
            await admin.PutAsync(domain, Json("""{"mode":"none"}"""), default);
        }

        var (first, _) = await admin.ListAsync("2", null, default);
        var (second, _) = await admin.ListAsync("2", first!.Continuation, default);

        Assert.Equal(["a.example", "b.example"], first.Tenants.Select(t => t.Domain));
        Assert.Equal(["c.example"], second!.Tenants.Select(t => t.Domain));
        Assert.Null(second.Continuation);
        Assert.NotEmpty((await admin.ListAsync("0", null, default)).Errors);
        Assert.NotEmpty((await admin.ListAsync("abc", null, default)).Errors);
        Assert.NotEmpty((await admin.ListAsync("100000", null, default)).Errors);
    }

    [Fact]
    public async Task A_valid_policy_with_an_unknown_field_is_refused_and_not_stored()
    {
        var result = await Admin().PutAsync("example.com", Json("""{"mode":"testing","mx":["a.example.com"],"max_age":86400}"""), default);

        Assert.Equal(AdminOutcome.Invalid, result.Outcome);
        Assert.Empty(store.All);
    }

    [Fact]
    public async Task Get_and_delete_answer_not_found_and_invalid_domains()
    {
        var admin = Admin();

        Assert.Equal(AdminOutcome.NotFound, (await admin.GetAsync("nobody.example", default)).Outcome);
        var invalid = await admin.GetAsync("not a domain", default);
        Assert.Equal(AdminOutcome.Invalid, invalid.Outcome);
        Assert.Contains("is not a valid mail domain", Assert.Single(invalid.Errors), StringComparison.Ordinal);
        Assert.Equal(AdminOutcome.Invalid, (await admin.DeleteAsync("-bad-.example", default)).Outcome);
        Assert.Contains("needs at least two labels", Assert.Single((await admin.GetAsync("localhost", default)).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_size_and_continuation_bounds_are_inclusive()
    {
        var admin = Admin();
        await admin.PutAsync("a.example", Json("""{"mode":"none"}"""), default);

        Assert.Empty((await admin.ListAsync("1", null, default)).Errors);
        Assert.Empty((await admin.ListAsync("1000", null, default)).Errors);
        Assert.Empty((await admin.ListAsync(null, new string('a', 1024), default)).Errors);
        Assert.Equal(["continuation is not a token this API returned"], (await admin.ListAsync(null, new string('a', 1025), default)).Errors);
        Assert.Equal(["a.example"], (await admin.ListAsync(null, string.Empty, default)).Page!.Tenants.Select(t => t.Domain));
    }

    [Fact]
    public async Task A_continuation_the_store_cannot_read_is_a_clear_error()
    {
        var admin = TestServices.Admin(new ThrowingListStore(new FormatException("bad token")), time);

        Assert.Equal(["continuation is not a token this API returned"], (await admin.ListAsync(null, "x", default)).Errors);
    }

    [Fact]
    public async Task Delete_retries_when_another_writer_wins_and_gives_409_when_it_keeps_losing()
    {
        var admin = Admin();
        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["a.example.com"]}"""), default);
        var tenant = store.All.Single();
        await store.UpdateAsync(tenant with { PublishedId = "1", PublishedVersion = tenant.PolicyVersion }, default);
        var races = 1;
        store.BeforeUpdate = _ =>
        {
            if (races-- > 0)
            {
                throw new TenantConflictException("raced");
            }
        };

        Assert.Equal(AdminOutcome.Offboarding, (await admin.DeleteAsync("example.com", default)).Outcome);

        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["a.example.com"]}"""), default);
        store.BeforeUpdate = _ => throw new TenantConflictException("raced");
        var conflict = await admin.DeleteAsync("example.com", default);
        Assert.Equal(AdminOutcome.Conflict, conflict.Outcome);
        Assert.Contains("try again", Assert.Single(conflict.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_conflict_says_to_try_again()
    {
        var admin = Admin();
        await admin.PutAsync("example.com", Json("""{"mode":"testing","mx":["a.example.com"]}"""), default);
        store.BeforeUpdate = _ => throw new TenantConflictException("raced");

        var result = await admin.PutAsync("example.com", Json("""{"mode":"enforce","mx":["a.example.com"]}"""), default);

        Assert.Contains("another request", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_put_drops_this_instance_copy_even_when_nothing_changed()
    {
        var cache = new PolicyCache(store, time, TestOptions.Policy(), TestOptions.Window(), NullLogger<PolicyCache>.Instance);
        var admin = TestServices.Admin(store, time, cache);
        var body = Json("""{"mode":"testing","mx":["a.example.com"]}""");
        await admin.PutAsync("example.com", body, default);
        await cache.GetAsync("example.com", default);
        var tenant = store.All.Single();
        await store.UpdateAsync(tenant.WithPolicy(Support.Policies.Enforce("a.example.com"), TenantState.Active, time.GetUtcNow()), default); // written by an attempt whose answer was lost
        var reads = store.Reads;

        await admin.PutAsync("example.com", Json("""{"mode":"enforce","mx":["a.example.com"],"maxAge":604800}"""), default);

        Assert.Contains("mode: enforce", System.Text.Encoding.UTF8.GetString((await cache.GetAsync("example.com", default)).Body!), StringComparison.Ordinal);
        Assert.True(store.Reads > reads);
    }

    private sealed class ThrowingListStore(Exception error) : ITenantStore
    {
        public Task<Tenant?> GetAsync(string domain, CancellationToken cancellationToken) => Task.FromResult<Tenant?>(null);

        public Task<string?> GetPolicyTextAsync(string domain, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task<Tenant> AddAsync(Tenant tenant, CancellationToken cancellationToken) => throw error;

        public Task<Tenant> UpdateAsync(Tenant tenant, CancellationToken cancellationToken) => throw error;

        public Task DeleteAsync(Tenant tenant, CancellationToken cancellationToken) => throw error;

        public Task<TenantPage> ListAsync(int pageSize, string? continuation, CancellationToken cancellationToken) => throw error;
    }
}
