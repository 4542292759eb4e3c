using Azure;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableTenantStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static Tenant NewTenant(string domain) => new()
    {
        Domain = domain,
        Policy = new StsPolicy(PolicyMode.Enforce, ["mail." + domain, "*.mx." + domain], 1209600),
        CreatedAt = Now,
        PolicyChangedAt = Now,
    };

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}.example";

    [Fact]
    public async Task Add_creates_the_table_and_round_trips_every_field()
    {
        await azurite.Tables.DeleteTableAsync(TableTenantStore.TableName);
        var store = new TableTenantStore(azurite.Tables);
        var domain = Unique("roundtrip");

        var added = await store.AddAsync(NewTenant(domain) with { PolicyVersion = 7, PublishedId = "20261129120000", PublishedVersion = 6, PublishedHash = "abc", PublishedAt = Now, PublishingId = "20261129130000", PublishingVersion = 7, HeldUntil = Now.AddDays(9), ServedMaxAge = 86400, Changes = [new PolicyChange(6, Now.AddDays(-1), 0), new PolicyChange(7, Now, 86400)], RecordRemovedAt = Now, LastError = "x" }, default);
        var read = await store.GetAsync(domain, default);

        Assert.NotNull(added.ETag);
        Assert.Equal(added with { ETag = read!.ETag, Changes = read.Changes }, read);
        Assert.Equal(added.Changes, read.Changes);
        Assert.Equal(added.Policy, read.Policy);
        Assert.Equal(added.PolicyText, await store.GetPolicyTextAsync(domain, default));
    }

    [Theory]
    [InlineData("published and unchanged", true, "Active", 0, false)]
    [InlineData("changed after its publication", true, "Active", 60, true)]
    [InlineData("reverted inside the window", true, "Active", 60, true)]
    [InlineData("hash differs", false, "Active", 0, true)]
    public async Task Rows_written_before_policy_versions_are_read_conservatively(string why, bool hashMatches, string state, int changedSecondsAfterPublication, bool pending)
    {
        var store = new TableTenantStore(azurite.Tables);
        var domain = Unique("legacy");
        var tenant = NewTenant(domain);
        var row = LegacyRow(tenant, state, hashMatches ? tenant.PolicyHash : "an-older-policy", publishedAt: Now, changedAt: Now.AddSeconds(changedSecondsAfterPublication), createdAt: Now.AddDays(-1));
        await store.AddAsync(NewTenant(Unique("table")), default);
        await azurite.Tables.GetTableClient(TableTenantStore.TableName).AddEntityAsync(row);

        var read = (await store.GetAsync(domain, default))!;

        Assert.True(pending == read.RotationPending, why);
        Assert.Equal(1, read.PolicyVersion);
        Assert.True(read.RecordMayExist);
        Assert.Equal(StsPolicy.MaxAgeLimit, read.ServedMaxAge); // it changed at least once: which policies were served is not known
        Assert.Single(read.Changes);
    }

    [Fact]
    public async Task A_legacy_row_never_recorded_as_published_may_still_have_a_record()
    {
        var store = new TableTenantStore(azurite.Tables);
        var domain = Unique("legacy-unpublished");
        var tenant = NewTenant(domain);
        var row = LegacyRow(tenant, "Active", null, publishedAt: null, changedAt: Now, createdAt: Now);
        row.Remove("PublishedId");
        await store.AddAsync(NewTenant(Unique("table")), default);
        await azurite.Tables.GetTableClient(TableTenantStore.TableName).AddEntityAsync(row);

        var read = (await store.GetAsync(domain, default))!;

        Assert.True(read.RecordMayExist);
        Assert.True(read.RotationPending);
        Assert.Equal(tenant.Policy.MaxAgeSeconds, read.ServedMaxAge); // never changed: only this policy was ever served
    }

    [Fact]
    public async Task A_legacy_offboarding_row_keeps_senders_hold_time()
    {
        var store = new TableTenantStore(azurite.Tables);
        var domain = Unique("legacy-offboarding");
        var none = NewTenant(domain) with { Policy = new StsPolicy(PolicyMode.None, [], 86400) };
        var row = LegacyRow(none, "Offboarding", none.PolicyHash, publishedAt: Now, changedAt: Now.AddSeconds(-200), createdAt: Now.AddDays(-30));
        row["WithdrawnMaxAge"] = 1209600L;
        await store.AddAsync(NewTenant(Unique("table")), default);
        await azurite.Tables.GetTableClient(TableTenantStore.TableName).AddEntityAsync(row);

        var read = (await store.GetAsync(domain, default))!;

        Assert.False(read.RotationPending);
        Assert.Equal(Now.AddSeconds(3600 + 86400 + StsPolicy.MaxAgeLimit), read.HeldUntil);
    }

    /// <summary>
    /// Review of #10: only an invalid mode was caught, so a property of the wrong type or an out-of-range max_age aborted
    /// every listing (no tenant rotated), and a change without its time started a window at year 1.
    /// </summary>
    [Theory]
    [InlineData("Mode", "sometimes")]
    [InlineData("MaxAge", "a long time")]
    [InlineData("MaxAge", 99999999999L)]
    [InlineData("Changes", "[{\"V\":2}]")]
    [InlineData("Changes", "not json")]
    public async Task A_row_that_cannot_be_read_is_left_out_of_lists(string property, object value)
    {
        var table = "bad" + Guid.NewGuid().ToString("N")[..10];
        var store = new TableTenantStore(azurite.Tables, table);
        await store.AddAsync(NewTenant("a.example"), default);
        var bad = LegacyRow(NewTenant("b.example"), "Active", null, null, Now, Now);
        bad["PolicyVersion"] = 2L;
        bad[property] = value;
        await azurite.Tables.GetTableClient(table).AddEntityAsync(bad);
        await store.AddAsync(NewTenant("c.example"), default);

        var page = await store.ListAsync(100, null, default);

        Assert.Equal(["a.example", "c.example"], page.Tenants.Select(t => t.Domain));
    }

    private static Azure.Data.Tables.TableEntity LegacyRow(Tenant tenant, string state, string? publishedHash, DateTimeOffset? publishedAt, DateTimeOffset changedAt, DateTimeOffset createdAt) =>
        new(tenant.Domain, "policy")
        {
            ["Mode"] = tenant.Policy.Mode.ToText(),
            ["Mx"] = string.Join('\n', tenant.Policy.Mx),
            ["MaxAge"] = tenant.Policy.MaxAgeSeconds,
            ["PolicyText"] = tenant.PolicyText,
            ["State"] = state,
            ["CreatedAt"] = createdAt,
            ["PolicyChangedAt"] = changedAt,
            ["PublishedId"] = "20261129120000",
            ["PublishedHash"] = publishedHash,
            ["PublishedAt"] = publishedAt,
        };

    [Fact]
    public async Task Missing_tenants_read_as_null()
    {
        var store = new TableTenantStore(azurite.Tables);

        Assert.Null(await store.GetAsync(Unique("missing"), default));
        Assert.Null(await store.GetPolicyTextAsync(Unique("missing"), default));
    }

    [Fact]
    public async Task Writes_are_conditional_on_the_ETag()
    {
        var store = new TableTenantStore(azurite.Tables);
        var domain = Unique("etag");
        var first = await store.AddAsync(NewTenant(domain), default);

        await Assert.ThrowsAsync<TenantConflictException>(() => store.AddAsync(NewTenant(domain), default));
        var second = await store.UpdateAsync(first with { LastError = "one" }, default);
        await Assert.ThrowsAsync<TenantConflictException>(() => store.UpdateAsync(first with { LastError = "stale" }, default));
        await Assert.ThrowsAsync<TenantConflictException>(() => store.DeleteAsync(first, default));
        await store.DeleteAsync(second, default);

        Assert.Null(await store.GetAsync(domain, default));
        Assert.NotEqual(first.ETag, second.ETag);
    }

    [Fact]
    public async Task List_pages_with_continuation_tokens()
    {
        var service = azurite.Tables;
        var store = new TableTenantStore(service);
        var prefix = "page" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 5; i++)
        {
            await store.AddAsync(NewTenant($"{prefix}{i}.example"), default);
        }

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(2, continuation, default);
            Assert.True(page.Tenants.Count <= 2);
            seen.AddRange(page.Tenants.Select(t => t.Domain));
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null && pages < 1000);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}{i}.example"), seen.Where(d => d.StartsWith(prefix, StringComparison.Ordinal)));
    }

    /// <summary>The dashboard's search reads the key range of a domain prefix, a page at a time, and nothing outside it.</summary>
    [Fact]
    public async Task A_prefix_reads_its_key_range_a_page_at_a_time()
    {
        var store = new TableTenantStore(azurite.Tables);
        var prefix = "search" + Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { $"{prefix}a.example", $"{prefix}b.example", $"{prefix}c.example", $"{prefix[..^1]}.example", $"{prefix}-{{.example" })
        {
            await store.AddAsync(NewTenant(name), default);
        }

        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var page = await store.ListAsync(2, continuation, prefix, default);
            Assert.True(page.Tenants.Count <= 2);
            seen.AddRange(page.Tenants.Select(t => t.Domain));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal([$"{prefix}-{{.example", $"{prefix}a.example", $"{prefix}b.example", $"{prefix}c.example"], seen);
        Assert.Equal([$"{prefix}b.example"], (await store.ListAsync(10, null, prefix + "b", default)).Tenants.Select(t => t.Domain));
        Assert.Empty((await store.ListAsync(10, null, prefix + "z", default)).Tenants);
    }

    [Fact]
    public async Task Hostile_keys_are_data_not_filters()
    {
        var store = new TableTenantStore(azurite.Tables);

        Assert.Null(await store.GetAsync("x' or PartitionKey ne 'y", default));
        Assert.NotNull(await store.ListAsync(2, "x' or true or 'a", default));
        Assert.Empty((await store.ListAsync(10, null, "x' or true or 'a", default)).Tenants);
    }
}
