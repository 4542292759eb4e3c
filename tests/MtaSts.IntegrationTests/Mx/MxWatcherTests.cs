using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Mx;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Mx;

/// <summary>
/// The MX watcher against a real BIND whose zones change between runs (rewritten and reloaded): a new MX the policy
/// does not cover opens <c>uncovered-mx</c>; with <c>mxSync: auto</c> the policy is changed instead, through the change
/// path; a resolver that stops answering changes nothing.
/// </summary>
public sealed class MxWatcherTests : IAsyncLifetime
{
    private readonly string work = Directory.CreateTempSubdirectory("mtasts-mx-").FullName;
    private readonly int port = FreePort.Next();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryWatchStore watch = new();
    private readonly InMemoryAlertStore alerts = new();
    private BindServer? bind;

    public async Task InitializeAsync()
    {
        await StartBindAsync(["10 mx1.watch.example."], ["10 a.mail.sync.example."]);
        foreach (var (domain, mx, sync) in new[] { ("watch.example", "mx1.watch.example", false), ("sync.example", "*.mail.sync.example", true) })
        {
            await tenants.AddAsync(Tenant.Create(domain, new StsPolicy(PolicyMode.Enforce, [mx], 604800), time.GetUtcNow()) with { Automation = new TenantAutomation(false, sync, []) }, default);
        }
    }

    public async Task DisposeAsync()
    {
        await bind!.DisposeAsync();
        Directory.Delete(work, recursive: true);
    }

    private async Task StartBindAsync(IEnumerable<string> watchMx, IEnumerable<string> syncMx)
    {
        if (bind is not null)
        {
            await bind.DisposeAsync();
        }

        BindServer.WriteConfig(work, port, new Dictionary<string, (string, bool)>
        {
            ["watch.example"] = (string.Join('\n', watchMx.Select(m => "@ IN MX " + m)), false),
            ["sync.example"] = (string.Join('\n', syncMx.Select(m => "@ IN MX " + m)), false),
        });
        bind = await BindServer.StartAsync(work, port);
    }

    private MxWatcher Watcher()
    {
        var options = Options.Create(new MxOptions { DnsServer = bind!.Endpoint, RecheckMinutes = 60, QueriesPerSecond = 100, TimeoutSeconds = 2 });
        var alertService = new AlertService(alerts, Options.Create(new AlertOptions()), time, NullLogger<AlertService>.Instance);
        return new MxWatcher(tenants, watch, new MxResolver(options), TestServices.Admin(tenants, time), alertService, options, time, NullLogger<MxWatcher>.Instance);
    }

    [Fact]
    public async Task The_watcher_sees_mx_changes_in_dns_and_holds_the_policies_against_them()
    {
        var first = await Watcher().RunAsync(default);
        Assert.Equal(new MxWatchSummary(2, 2, 0, 0, 0), first);
        Assert.Equal(["mx1.watch.example"], (await watch.GetMxAsync("watch.example", default))!.Hosts);
        Assert.Empty(alerts.Notices);

        // Not checked again within Mx:RecheckMinutes.
        Assert.Equal(0, (await Watcher().RunAsync(default)).Checked);

        await StartBindAsync(["10 mx1.watch.example.", "20 mx2.watch.example."], ["10 a.mail.sync.example.", "20 backup.sync.example."]);
        time.Advance(TimeSpan.FromMinutes(61));
        var second = await Watcher().RunAsync(default);

        Assert.Equal(new MxWatchSummary(2, 2, 0, 1, 1), second);
        var watched = (await watch.GetMxAsync("watch.example", default))!;
        Assert.Equal(["mx1.watch.example", "mx2.watch.example"], watched.Hosts);
        Assert.Equal(["mx2.watch.example"], watched.History[^1].Added);
        var uncovered = await alerts.GetAsync("watch.example", AlertConditions.UncoveredMx, default);
        Assert.True(uncovered!.IsOpen);
        Assert.Contains("--mx mx1.watch.example --mx mx2.watch.example", uncovered.Text, StringComparison.Ordinal);
        Assert.Equal(["mx1.watch.example"], (await tenants.GetAsync("watch.example", default))!.Policy.Mx);

        // mxSync: auto keeps the wildcard that still matches, adds the new host, through the change path.
        var synced = (await tenants.GetAsync("sync.example", default))!;
        Assert.Equal(["*.mail.sync.example", "backup.sync.example"], synced.Policy.Mx);
        Assert.Equal((PolicyChangers.MxSync, true, PolicyMode.Enforce), (synced.PolicyChangedBy, synced.RotationPending, synced.Policy.Mode));
        Assert.True((await alerts.GetAsync("sync.example", AlertConditions.MxSynced, default))!.IsOpen);
        Assert.Null(await alerts.GetAsync("sync.example", AlertConditions.UncoveredMx, default));

        // A resolver that stops answering changes nothing but the error shown.
        await bind!.DisposeAsync();
        time.Advance(TimeSpan.FromMinutes(61));
        var third = await Watcher().RunAsync(default);
        Assert.Equal(2, third.Failed);
        Assert.Equal(["mx1.watch.example", "mx2.watch.example"], (await watch.GetMxAsync("watch.example", default))!.Hosts);
        Assert.NotNull((await watch.GetMxAsync("watch.example", default))!.LastError);
        Assert.True((await alerts.GetAsync("watch.example", AlertConditions.UncoveredMx, default))!.IsOpen);
        bind = BindServer.NotRunning();

        // The policy fixed by hand: the alert resolves at the next check.
        await StartBindAsync(["10 mx1.watch.example.", "20 mx2.watch.example."], ["10 a.mail.sync.example.", "20 backup.sync.example."]);
        var tenant = (await tenants.GetAsync("watch.example", default))!;
        await tenants.UpdateAsync(tenant.WithPolicy(tenant.Policy with { Mx = ["mx1.watch.example", "mx2.watch.example"] }, TenantState.Active, time.GetUtcNow()), default);
        time.Advance(TimeSpan.FromMinutes(61));
        await Watcher().RunAsync(default);
        Assert.False((await alerts.GetAsync("watch.example", AlertConditions.UncoveredMx, default))!.IsOpen);
    }
}
