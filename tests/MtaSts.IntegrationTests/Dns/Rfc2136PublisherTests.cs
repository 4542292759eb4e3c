using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Dns;

/// <summary>The RFC 2136 publisher against a real BIND with a TSIG-updatable zone and one that refuses updates.</summary>
public sealed class Rfc2136PublisherTests : IAsyncLifetime
{
    private readonly string work = Directory.CreateTempSubdirectory("mtasts-bind-").FullName;
    private readonly string secret = BindServer.NewSecret();
    private BindServer? bind;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        BindServer.WriteConfig(work, port, new Dictionary<string, (string, bool)>
        {
            ["updates.test"] = ("""
                _mta-sts.kept IN TXT "other=value"
                _mta-sts.kept IN TXT "v=STSv1; id=old"
                _mta-sts.kept IN TXT "v=STSv1; id=duplicate"
                _mta-sts.split IN TXT "v=STSv1;" "id=old"
                _mta-sts.splitother IN TXT "other=" "value"
                _mta-sts.splitother IN TXT "v=STSv1; id=old"
                split.example IN TXT "v=STSv1;" "id=old"
                """, true),
            ["locked.test"] = (string.Empty, false),
        }, secret);
        bind = await BindServer.StartAsync(work, port);
    }

    public async Task DisposeAsync()
    {
        if (bind is not null)
        {
            await bind.DisposeAsync();
        }

        Directory.Delete(work, recursive: true);
    }

    private Rfc2136TxtRecordPublisher Publisher(string? server = null, string? secretOverride = null) => new(
        Options.Create(new DnsOptions
        {
            Provider = DnsProviderKind.Rfc2136,
            Rfc2136 = new Rfc2136Options { Server = server ?? bind!.Endpoint, TsigKeyName = BindServer.KeyName, TsigSecret = secretOverride ?? secret, TimeoutSeconds = 2 },
        }),
        TimeProvider.System,
        NullLogger<Rfc2136TxtRecordPublisher>.Instance);

    [Fact]
    public async Task Publishes_on_an_empty_name_and_reads_it_back()
    {
        var publisher = Publisher();
        var name = new DnsRecordName("updates.test", "_mta-sts.fresh.updates.test");

        await publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=20261129120000", await publisher.ReadAsync(name, default), default);

        Assert.Equal(["v=STSv1; id=20261129120000"], (await publisher.ReadAsync(name, default)).Records);
    }

    [Fact]
    public async Task Replaces_every_v_STSv1_string_and_keeps_the_others()
    {
        var publisher = Publisher();
        var name = new DnsRecordName("updates.test", "_mta-sts.kept.updates.test");

        await publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=new1", await publisher.ReadAsync(name, default), default);

        Assert.Equal(["other=value", "v=STSv1; id=new1"], (await publisher.ReadAsync(name, default)).Records.Order());

        await publisher.DeleteStsRecordsAsync(name, await publisher.ReadAsync(name, default), default);

        Assert.Equal(["other=value"], (await publisher.ReadAsync(name, default)).Records);
    }

    [Theory]
    [InlineData("_mta-sts.split.updates.test", new[] { "v=STSv1; id=new2" })]
    [InlineData("_mta-sts.splitother.updates.test", new[] { "other=value", "v=STSv1; id=new2" })]
    public async Task Records_split_into_several_strings_are_matched_as_read(string recordName, string[] expected)
    {
        // Defect 7 of issue #10: the prerequisites were rebuilt from the joined text, so a record published as
        // "v=STSv1;" "id=..." (or any other record split differently) never matched and every update conflicted.
        var publisher = Publisher();
        var name = new DnsRecordName("updates.test", recordName);

        await publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=new2", await publisher.ReadAsync(name, default), default);

        Assert.Equal(expected, (await publisher.ReadAsync(name, default)).Records.Order());
    }

    [Fact]
    public async Task Drift_repair_replaces_a_split_record()
    {
        var store = new InMemoryTenantStore();
        var tenant = await store.AddAsync(new Tenant { Domain = "split.example", Policy = Policies.Testing(), CreatedAt = DateTimeOffset.UnixEpoch, PolicyChangedAt = DateTimeOffset.UnixEpoch }, default);
        await store.UpdateAsync(tenant with { PublishedId = "20261129120000", PublishedVersion = tenant.PolicyVersion, PublishedAt = DateTimeOffset.UnixEpoch }, default);

        var delegated = new PolicyIdRotator(store, Publisher(), TimeProvider.System, TestOptions.Window(), TestOptions.Rotation(), TestOptions.Dns("updates.test"), NullLogger<PolicyIdRotator>.Instance);

        var summary = await delegated.RunAsync(default);

        Assert.Equal((1, 0, null), (summary.Repaired, summary.Failed, (await store.GetAsync("split.example", default))!.LastError));
        Assert.Equal(["v=STSv1; id=20261129120000"], (await Publisher().ReadAsync(new DnsRecordName("updates.test", "split.example.updates.test"), default)).Records);
    }

    [Fact]
    public async Task A_change_since_the_read_is_a_conflict_not_an_overwrite()
    {
        var publisher = Publisher();
        var name = new DnsRecordName("updates.test", "_mta-sts.race.updates.test");
        var stale = await publisher.ReadAsync(name, default);
        await publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=first", stale, default);

        await Assert.ThrowsAsync<DnsConflictException>(() => publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=second", stale, default));
        Assert.Equal(["v=STSv1; id=first"], (await publisher.ReadAsync(name, default)).Records);
    }

    [Fact]
    public async Task A_wrong_key_is_a_clear_error()
    {
        var publisher = Publisher(secretOverride: BindServer.NewSecret());
        var name = new DnsRecordName("updates.test", "_mta-sts.wrongkey.updates.test");

        var error = await Assert.ThrowsAsync<DnsPublishException>(async () => await publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=x", await publisher.ReadAsync(name, default), default));

        Assert.Contains("TsigSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zone_that_refuses_updates_is_a_clear_error()
    {
        var publisher = Publisher();
        var name = new DnsRecordName("locked.test", "_mta-sts.locked.test");

        var error = await Assert.ThrowsAsync<DnsPublishException>(async () => await publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=x", await publisher.ReadAsync(name, default), default));

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotation_publishes_where_it_can_and_leaves_a_refused_tenant_pending_with_the_reason()
    {
        var store = new InMemoryTenantStore();
        foreach (var domain in new[] { "updates.test", "locked.test", "nozone.updates.test" })
        {
            await store.AddAsync(new Tenant { Domain = domain, Policy = Policies.Testing(), CreatedAt = DateTimeOffset.UnixEpoch, PolicyChangedAt = DateTimeOffset.UnixEpoch }, default);
        }

        var summary = await Rotator(store, Publisher()).RunAsync(default);

        Assert.Equal((1, 2), (summary.Published, summary.Failed));
        Assert.Matches("^v=STSv1; id=\\d{14}$", Assert.Single((await Publisher().ReadAsync(new DnsRecordName("updates.test", "_mta-sts.updates.test"), default)).Records));
        var locked = await store.GetAsync("locked.test", default);
        Assert.True(locked!.RotationPending);
        Assert.Contains("refused the update", locked.LastError, StringComparison.Ordinal);
        var noZone = await store.GetAsync("nozone.updates.test", default);
        Assert.True(noZone!.RotationPending);
        Assert.Contains("not authoritative for zone nozone.updates.test", noZone.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotation_with_the_server_down_leaves_every_tenant_pending_and_finishes()
    {
        var store = new InMemoryTenantStore();
        foreach (var domain in new[] { "a.updates.test", "b.updates.test" })
        {
            await store.AddAsync(new Tenant { Domain = domain, Policy = Policies.Testing(), CreatedAt = DateTimeOffset.UnixEpoch, PolicyChangedAt = DateTimeOffset.UnixEpoch }, default);
        }

        var down = BindServer.NotRunning();
        var summary = await Rotator(store, Publisher(server: down.Endpoint)).RunAsync(default);

        Assert.Equal(2, summary.Failed);
        Assert.All(store.All, t => Assert.True(t.RotationPending && t.LastError!.Contains(down.Endpoint, StringComparison.Ordinal)));
    }

    private static PolicyIdRotator Rotator(InMemoryTenantStore store, ITxtRecordPublisher publisher) =>
        new(store, publisher, TimeProvider.System, TestOptions.Window(), TestOptions.Rotation(), TestOptions.Dns(), NullLogger<PolicyIdRotator>.Instance);

    [Fact]
    public async Task A_server_that_is_down_is_a_clear_error()
    {
        var down = BindServer.NotRunning();
        var publisher = Publisher(server: down.Endpoint);

        var error = await Assert.ThrowsAsync<DnsPublishException>(() => publisher.ReadAsync(new DnsRecordName("updates.test", "_mta-sts.x.updates.test"), default));

        Assert.Contains(down.Endpoint, error.Message, StringComparison.Ordinal);
    }
}
