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

        var added = await store.AddAsync(NewTenant(domain) with { PolicyVersion = 7, PublishedId = "20261129120000", PublishedVersion = 6, PublishedHash = "abc", PublishedAt = Now, PublishingId = "20261129130000", PublishingVersion = 7, HeldUntil = Now.AddDays(9), LastError = "x" }, default);
        var read = await store.GetAsync(domain, default);

        Assert.NotNull(added.ETag);
        Assert.Equal(added with { ETag = read!.ETag }, read);
        Assert.Equal(added.Policy, read.Policy);
        Assert.Equal(added.PolicyText, await store.GetPolicyTextAsync(domain, default));
    }

    [Theory]
    [InlineData(true, "Active", 1L, null)]
    [InlineData(false, "Active", 0L, null)]
    [InlineData(true, "Offboarding", 1L, 1209600L)]
    public async Task Rows_written_before_policy_versions_are_read_conservatively(bool hashMatches, string state, long publishedVersion, long? withdrawn)
    {
        var store = new TableTenantStore(azurite.Tables);
        var domain = Unique("legacy");
        var tenant = NewTenant(domain);
        var row = new Azure.Data.Tables.TableEntity(domain, "policy")
        {
            ["Mode"] = "enforce",
            ["Mx"] = string.Join('\n', tenant.Policy.Mx),
            ["MaxAge"] = tenant.Policy.MaxAgeSeconds,
            ["PolicyText"] = tenant.PolicyText,
            ["State"] = state,
            ["CreatedAt"] = Now,
            ["PolicyChangedAt"] = Now,
            ["PublishedId"] = "20261129120000",
            ["PublishedHash"] = hashMatches ? tenant.PolicyHash : "an-older-policy",
            ["WithdrawnMaxAge"] = withdrawn,
        };
        await store.AddAsync(NewTenant(Unique("table")), default);
        await azurite.Tables.GetTableClient(TableTenantStore.TableName).AddEntityAsync(row);

        var read = (await store.GetAsync(domain, default))!;

        Assert.Equal((1L, publishedVersion, !hashMatches), (read.PolicyVersion, read.PublishedVersion, read.RotationPending));
        Assert.True(read.RecordMayExist);
        Assert.Equal(withdrawn is null ? null : Now.AddSeconds(3600 + 86400 + withdrawn.Value), read.HeldUntil);
    }

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

    [Fact]
    public async Task Hostile_keys_are_data_not_filters()
    {
        var store = new TableTenantStore(azurite.Tables);

        Assert.Null(await store.GetAsync("x' or PartitionKey ne 'y", default));
        Assert.NotNull(await store.ListAsync(2, "x' or true or 'a", default));
    }
}
