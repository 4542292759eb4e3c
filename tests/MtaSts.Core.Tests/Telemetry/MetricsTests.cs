using System.Collections.Concurrent;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Dns;
using MtaSts.Core.Serving;
using MtaSts.Core.Telemetry;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Telemetry;

/// <summary>The counters an operator watches are emitted where the events happen.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly ConcurrentDictionary<string, long> seen = new();
    private readonly MeasurementForwarder forwarder;
    private readonly MtaStsMetrics metrics = new();

    public MetricsTests() =>
        forwarder = new MeasurementForwarder((name, value, tags) => seen.AddOrUpdate($"{name}{{{tags}}}", value, (_, total) => total + value), metrics.Meter);

    public void Dispose()
    {
        forwarder.Dispose();
        metrics.Dispose();
    }

    [Fact]
    public async Task Policy_requests_are_counted_by_cache_result()
    {
        var store = new InMemoryTenantStore();
        var time = new FakeTimeProvider();
        await store.AddAsync(new Tenant { Domain = "metrics.example", Policy = Support.Policies.Testing(), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default);
        var cache = new PolicyCache(store, time, TestOptions.Policy(), TestOptions.Window(), NullLogger<PolicyCache>.Instance, metrics);

        await cache.GetAsync("metrics.example", default);
        await cache.GetAsync("metrics.example", default);
        await cache.GetAsync("metrics.example", default);
        store.BeforeRead = _ => throw new RequestFailedException(500, "down");
        time.Advance(TimeSpan.FromSeconds(61));
        await cache.GetAsync("metrics.example", default);
        await cache.GetAsync("never.example", default);
        time.Advance(TimeSpan.FromMinutes(5));
        await cache.GetAsync("metrics.example", default);

        Assert.Equal(1, seen["mtasts.policy.requests{result=miss}"]);
        Assert.Equal(2, seen["mtasts.policy.requests{result=hit}"]);
        Assert.Equal(1, seen["mtasts.policy.requests{result=stale}"]);
        Assert.Equal(2, seen["mtasts.policy.requests{result=unavailable}"]);
    }

    [Fact]
    public void Rotation_and_report_outcomes_are_counted()
    {
        metrics.Rotation(new RotationSummary(100, 3, 2, 1, 20, 1, 0));
        metrics.Report("refused", reason: "dkim");

        Assert.Equal(3, seen["mtasts.rotation.tenants{outcome=published}"]);
        Assert.Equal(2, seen["mtasts.rotation.tenants{outcome=waiting}"]);
        Assert.Equal(1, seen["mtasts.rotation.tenants{outcome=failed}"]);
        Assert.Equal(20, seen["mtasts.rotation.tenants{outcome=verified}"]);
        Assert.Equal(1, seen["mtasts.rotation.tenants{outcome=repaired}"]);
        Assert.Equal(0, seen["mtasts.rotation.tenants{outcome=retired}"]);
        Assert.Equal(1, seen["mtasts.reports{outcome=refused,reason=dkim}"]);
    }
}
