using System.Text;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Serving;

public sealed class PolicyCacheTests
{
    private readonly InMemoryTenantStore store = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private PolicyCache Cache(int cacheSeconds = 60, int capacity = 100_000, int safetyMarginSeconds = 60) =>
        new(store, time, TestOptions.Policy(cacheSeconds, capacity), TestOptions.Window(cacheSeconds, safetyMarginSeconds), NullLogger<PolicyCache>.Instance);

    private async Task AddTenantAsync(string domain) =>
        await store.AddAsync(new Tenant { Domain = domain, Policy = Support.Policies.Testing(), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default);

    [Fact]
    public async Task Reads_storage_once_per_tenant_within_the_cache_window_then_again()
    {
        await AddTenantAsync("example.com");
        var cache = Cache();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(PolicyLookupStatus.Found, (await cache.GetAsync("example.com", default)).Status);
        }

        Assert.Equal(1, store.Reads);
        time.Advance(TimeSpan.FromSeconds(61));
        await cache.GetAsync("example.com", default);
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task A_changed_policy_is_served_once_the_window_has_passed()
    {
        await AddTenantAsync("example.com");
        var cache = Cache();
        await cache.GetAsync("example.com", default);
        var tenant = await store.GetAsync("example.com", default);
        await store.UpdateAsync(tenant! with { Policy = Support.Policies.Enforce() }, default);

        Assert.Contains("mode: testing", Body(await cache.GetAsync("example.com", default)), StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Contains("mode: enforce", Body(await cache.GetAsync("example.com", default)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_tenants_are_cached_too()
    {
        var cache = Cache();

        Assert.Equal(PolicyLookupStatus.NotFound, (await cache.GetAsync("unknown.example", default)).Status);
        Assert.Equal(PolicyLookupStatus.NotFound, (await cache.GetAsync("unknown.example", default)).Status);
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task Concurrent_requests_for_one_tenant_share_one_storage_read()
    {
        await AddTenantAsync("example.com");
        var release = new TaskCompletionSource();
        store.BeforeRead = _ => release.Task;
        var cache = Cache();

        var requests = Enumerable.Range(0, 50).Select(_ => cache.GetAsync("example.com", default)).ToArray();
        release.SetResult();
        var results = await Task.WhenAll(requests);

        Assert.All(results, r => Assert.Equal(PolicyLookupStatus.Found, r.Status));
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task Storage_fault_serves_a_stale_copy_up_to_the_limit_then_503_and_503_without_one()
    {
        await AddTenantAsync("example.com");
        var cache = Cache(cacheSeconds: 60, safetyMarginSeconds: 30);
        await cache.GetAsync("example.com", default);
        store.BeforeRead = _ => throw new RequestFailedException(500, "storage down");

        time.Advance(TimeSpan.FromSeconds(74));
        var stale = await cache.GetAsync("example.com", default);
        var never = await cache.GetAsync("other.example", default);
        time.Advance(TimeSpan.FromSeconds(1));
        var tooOld = await cache.GetAsync("example.com", default);

        Assert.Equal((PolicyLookupStatus.Found, true), (stale.Status, stale.Stale));
        Assert.Equal(PolicyLookupStatus.Unavailable, never.Status);
        Assert.Equal(PolicyLookupStatus.Unavailable, tooOld.Status);
    }

    [Fact]
    public async Task With_no_safety_margin_nothing_is_served_stale()
    {
        await AddTenantAsync("example.com");
        var cache = Cache(cacheSeconds: 60, safetyMarginSeconds: 0);
        await cache.GetAsync("example.com", default);
        store.BeforeRead = _ => throw new RequestFailedException(500, "storage down");
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(PolicyLookupStatus.Unavailable, (await cache.GetAsync("example.com", default)).Status);
    }

    [Fact]
    public async Task A_copy_is_aged_from_when_its_read_began()
    {
        await AddTenantAsync("example.com");
        var release = new TaskCompletionSource();
        store.BeforeRead = _ => release.Task;
        var cache = Cache(cacheSeconds: 60);

        var slow = cache.GetAsync("example.com", default);
        time.Advance(TimeSpan.FromSeconds(50));
        release.SetResult();
        await slow;
        store.BeforeRead = null;
        time.Advance(TimeSpan.FromSeconds(10));
        await cache.GetAsync("example.com", default);

        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task Invalidate_drops_the_copy_and_a_read_in_flight_is_not_kept()
    {
        await AddTenantAsync("example.com");
        var cache = Cache();
        Assert.Contains("mode: testing", Body(await cache.GetAsync("example.com", default)), StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(61));
        var release = new TaskCompletionSource();
        store.AfterRead = _ => release.Task;
        var inFlight = cache.GetAsync("example.com", default);
        store.AfterRead = null;
        var tenant = store.All.Single();
        await store.UpdateAsync(tenant with { Policy = Support.Policies.Enforce() }, default);

        cache.Invalidate("example.com");
        release.SetResult();
        Assert.Contains("mode: testing", Body(await inFlight), StringComparison.Ordinal);

        Assert.Contains("mode: enforce", Body(await cache.GetAsync("example.com", default)), StringComparison.Ordinal);
        Assert.Contains("mode: enforce", Body(await cache.GetAsync("example.com", default)), StringComparison.Ordinal);
        Assert.Equal(3, store.Reads);
    }

    [Fact]
    public async Task A_cancelled_request_does_not_cancel_the_shared_read()
    {
        await AddTenantAsync("example.com");
        var release = new TaskCompletionSource();
        store.BeforeRead = _ => release.Task;
        var cache = Cache();
        using var cancel = new CancellationTokenSource();

        var cancelled = cache.GetAsync("example.com", cancel.Token);
        var patient = cache.GetAsync("example.com", default);
        await cancel.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(PolicyLookupStatus.Found, (await patient).Status);
    }

    [Fact]
    public async Task The_number_of_cached_tenants_is_bounded_and_expired_copies_make_room()
    {
        await AddTenantAsync("kept.example");
        var cache = Cache(capacity: 100);

        await cache.GetAsync("kept.example", default);
        for (var i = 0; i < 1000; i++)
        {
            await cache.GetAsync($"random{i}.example", default);
        }

        Assert.Equal(100, cache.Count);
        var reads = store.Reads;
        await cache.GetAsync("kept.example", default);
        Assert.Equal(reads, store.Reads); // a fresh copy is never evicted to make room

        time.Advance(TimeSpan.FromSeconds(61));
        await cache.GetAsync("later.example", default);
        Assert.Equal(1, cache.Count);
        reads = store.Reads;
        Assert.Equal(PolicyLookupStatus.NotFound, (await cache.GetAsync("later.example", default)).Status);
        Assert.Equal(reads, store.Reads);
    }

    [Fact]
    public async Task A_full_cache_sweeps_at_most_once_a_second()
    {
        var cache = Cache(capacity: 2);
        await cache.GetAsync("a.example", default);
        await cache.GetAsync("b.example", default);
        time.Advance(TimeSpan.FromSeconds(61));
        await cache.GetAsync("c.example", default);
        await cache.GetAsync("a.example", default);
        time.Advance(TimeSpan.FromMilliseconds(500));
        await cache.GetAsync("d.example", default);

        Assert.Equal(2, cache.Count);
        var reads = store.Reads;
        await cache.GetAsync("c.example", default);
        await cache.GetAsync("a.example", default);
        await cache.GetAsync("d.example", default);
        Assert.Equal(reads + 1, store.Reads);
    }

    [Fact]
    public async Task What_a_read_returns_after_the_stale_limit_is_not_served()
    {
        await AddTenantAsync("example.com");
        var release = new TaskCompletionSource();
        store.AfterRead = _ => release.Task;
        var cache = Cache(cacheSeconds: 60, safetyMarginSeconds: 60);

        var slow = cache.GetAsync("example.com", default);
        time.Advance(TimeSpan.FromSeconds(90));
        release.SetResult();

        Assert.Equal(PolicyLookupStatus.Unavailable, (await slow).Status);
    }

    [Fact]
    public async Task A_storage_timeout_is_a_storage_fault_not_an_error()
    {
        await AddTenantAsync("example.com");
        var cache = Cache();
        await cache.GetAsync("example.com", default);
        time.Advance(TimeSpan.FromSeconds(61));
        store.BeforeRead = _ => throw new TaskCanceledException("the storage call timed out");

        var stale = await cache.GetAsync("example.com", default);
        var never = await cache.GetAsync("other.example", default);

        Assert.Equal((PolicyLookupStatus.Found, true), (stale.Status, stale.Stale));
        Assert.Equal(PolicyLookupStatus.Unavailable, never.Status);
    }

    [Fact]
    public async Task A_cancelled_request_is_cancelled_even_when_storage_fails()
    {
        store.BeforeRead = _ => Task.Delay(Timeout.Infinite);
        using var cancel = new CancellationTokenSource();
        var request = Cache().GetAsync("example.com", cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }

    private static string Body(PolicyLookup lookup) => Encoding.UTF8.GetString(lookup.Body!);
}
