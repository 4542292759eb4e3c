using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Dns;
using MtaSts.Core.FrontDoor;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Dns;

/// <summary>
/// How a rotator run sorts tenants it must leave alone: a withdrawn tenant that never had a record (its custom domain
/// goes first), an offboarded row whose custom domain still exists, a backing-off tenant, and the published record of
/// a tenant whose next id waits its window (kept right meanwhile). From mutation survivors in <see cref="PolicyIdRotator"/>.
/// </summary>
public sealed class RotatorClassificationTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(120);

    private readonly InMemoryTenantStore store = new();
    private readonly FakeTxtRecordPublisher dns = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private PolicyIdRotator Rotator => new(
        store, dns, time, TestOptions.Window(60, 60), Options.Create(new RotationOptions { SafetyMarginSeconds = 60 }), TestOptions.Dns(), NullLogger<PolicyIdRotator>.Instance);

    private Task PutAsync(string mode) =>
        TestServices.Admin(store, time).PutAsync("example.com", Encoding.UTF8.GetBytes($$"""{"mode":"{{mode}}","mx":["mail.example.com"]}"""), default);

    private Tenant Row => store.All.Single();

    [Fact]
    public async Task A_withdrawn_tenant_that_never_had_a_record_is_left_to_the_custom_domain_sync()
    {
        await PutAsync("testing");
        await store.UpdateAsync(Row with { CustomDomain = new CustomDomainState { Shard = "afd-0", Stage = CustomDomainStage.Validating } }, default);
        await TestServices.Admin(store, time).DeleteAsync("example.com", default);
        time.Advance(TimeSpan.FromDays(30));
        var before = Row;

        var summary = await Rotator.RunAsync(default);

        Assert.Equal(TenantState.Offboarding, Row.State);
        Assert.Equal(before.ETag, Row.ETag);
        Assert.Equal(0, dns.Writes);
        Assert.Equal((1, 0, 0), (summary.Waiting, summary.Published, summary.Retired));
    }

    [Theory]
    [InlineData(CustomDomainStage.Live, true)]
    [InlineData(CustomDomainStage.Deleting, true)]
    [InlineData(CustomDomainStage.Deleted, false)]
    public async Task An_offboarded_row_outlives_its_custom_domain(CustomDomainStage stage, bool kept)
    {
        await PutAsync("testing");
        time.Advance(Window);
        await Rotator.RunAsync(default);
        await TestServices.Admin(store, time).DeleteAsync("example.com", default);
        for (var i = 0; i < 20 && Row.RecordRemovedAt is null; i++)
        {
            time.Advance(TimeSpan.FromDays(1));
            await Rotator.RunAsync(default);
        }

        await store.UpdateAsync(Row with { CustomDomain = new CustomDomainState { Shard = "afd-0", Stage = stage } }, default);
        time.Advance(TimeSpan.FromHours(1));

        var summary = await Rotator.RunAsync(default);

        Assert.Equal(kept, store.All.Count == 1);
        Assert.Equal(kept ? (1, 0) : (0, 1), (summary.Waiting, summary.Retired));
    }

    [Fact]
    public async Task A_published_record_is_kept_right_while_the_next_id_waits_and_not_while_backing_off()
    {
        await PutAsync("testing");
        time.Advance(Window);
        await Rotator.RunAsync(default);
        var id = Row.PublishedId!;
        await PutAsync("enforce");
        dns.Set("_mta-sts.example.com", "v=STSv1; id=tampered");

        var waiting = await Rotator.RunAsync(default);

        Assert.Equal(["v=STSv1; id=" + id], dns.Records("_mta-sts.example.com"));
        Assert.Equal((1, 1), (waiting.Waiting, waiting.Repaired));

        dns.Set("_mta-sts.example.com", "v=STSv1; id=tampered");
        await store.UpdateAsync(Row with { NextAttemptAt = time.GetUtcNow().AddMinutes(5), FailedAttempts = 1 }, default);
        var backingOff = await Rotator.RunAsync(default);
        Assert.Equal(["v=STSv1; id=tampered"], dns.Records("_mta-sts.example.com"));
        Assert.Equal((1, 0), (backingOff.Waiting, backingOff.Repaired));
    }

    [Fact]
    public async Task A_published_tenant_backing_off_counts_as_waiting()
    {
        await PutAsync("testing");
        time.Advance(Window);
        await Rotator.RunAsync(default);
        await store.UpdateAsync(Row with { NextAttemptAt = time.GetUtcNow().AddMinutes(5), FailedAttempts = 1 }, default);

        var summary = await Rotator.RunAsync(default);

        Assert.Equal((1, 0), (summary.Waiting, summary.Verified));
    }
}
