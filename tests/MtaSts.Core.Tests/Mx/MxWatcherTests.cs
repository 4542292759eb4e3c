using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Mx;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Mx;

/// <summary>
/// The MX watcher against a loopback DNS with a fake clock: what a run counts, the change history and its bound, a
/// failed lookup that keeps what was known, batches of the least recently checked, and the coverage alerts' words.
/// (The mutation run of #13 showed these were only covered by the BIND integration tests.)
/// </summary>
public sealed class MxWatcherTests : IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryAlertStore alerts = new();
    private readonly InMemoryWatchStore watch = new();
    private readonly DnsResponder dns = new();

    public void Dispose() => dns.Dispose();

    private MxWatcher Watcher(int batchSize = 200, int historyLength = 20)
    {
        var options = Options.Create(new MxOptions { DnsServer = dns.Endpoint, TimeoutSeconds = 2, QueriesPerSecond = 1000, BatchSize = batchSize, HistoryLength = historyLength });
        var alertService = new AlertService(alerts, Options.Create(new AlertOptions()), time, NullLogger<AlertService>.Instance);
        return new MxWatcher(tenants, watch, new MxResolver(options), TestServices.Admin(tenants, time), alertService, options, time, NullLogger<MxWatcher>.Instance);
    }

    private async Task AddAsync(string domain, PolicyMode mode = PolicyMode.Testing, bool mxSync = false, params string[] mx) =>
        await tenants.AddAsync(Tenant.Create(domain, new StsPolicy(mode, mx.Length > 0 ? mx : ["mx1." + domain], 604800), time.GetUtcNow()) with { Automation = new TenantAutomation(false, mxSync, []) }, default);

    [Fact]
    public async Task A_run_counts_changes_and_uncovered_hosts_and_a_second_run_within_the_hour_checks_nothing()
    {
        dns.Mx["a.example"] = [(10, "mx1.a.example")];
        dns.Mx["b.example"] = [(10, "mx1.b.example"), (20, "mx2.b.example")];
        await AddAsync("a.example");
        await AddAsync("b.example");

        Assert.Equal(new MxWatchSummary(2, 2, 0, 1, 0), await Watcher().RunAsync(default));
        Assert.Equal(new MxWatchSummary(0, 0, 0, 0, 0), await Watcher().RunAsync(default));

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, (await Watcher().RunAsync(default)).Checked);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new MxWatchSummary(2, 0, 0, 1, 0), await Watcher().RunAsync(default)); // unchanged, b still uncovered

        var b = (await watch.GetMxAsync("b.example", default))!;
        Assert.Equal((time.GetUtcNow().AddHours(-1), time.GetUtcNow()), (b.ChangedAt!.Value, b.CheckedAt));
        Assert.Equal("b.example: live MX mx2.b.example not covered by the policy's mx list (mx1.b.example); once in enforce, senders that honour the policy would not deliver to it. Add it: mtasts tenant put b.example --mode testing --mx mx1.b.example --mx mx2.b.example --max-age 604800", (await alerts.GetAsync("b.example", AlertConditions.UncoveredMx, default))!.Text);
    }

    [Fact]
    public async Task Changes_are_kept_in_a_bounded_history_oldest_first()
    {
        await AddAsync("h.example", PolicyMode.Testing, false, "*.h.example");
        for (var i = 0; i < 4; i++)
        {
            dns.Mx["h.example"] = [(10, $"mx{i}.h.example")];
            await Watcher(historyLength: 3).RunAsync(default);
            time.Advance(TimeSpan.FromHours(1));
        }

        var state = (await watch.GetMxAsync("h.example", default))!;
        Assert.Equal(3, state.History.Count);
        Assert.Equal(["mx1.h.example", "mx2.h.example", "mx3.h.example"], state.History.Select(c => c.Added.Single()));
        Assert.Equal(["mx2.h.example"], state.History[^1].Removed);
    }

    [Fact]
    public async Task A_failed_lookup_keeps_what_was_known_and_is_counted_as_failed()
    {
        dns.Mx["f.example"] = [(10, "mx1.f.example")];
        await AddAsync("f.example");
        await Watcher().RunAsync(default);
        time.Advance(TimeSpan.FromHours(1));
        dns.ErrorCode = DnsResponder.ServFail;

        Assert.Equal(new MxWatchSummary(1, 0, 1, 0, 0), await Watcher().RunAsync(default));

        var state = (await watch.GetMxAsync("f.example", default))!;
        Assert.Equal((MxLookupStatus.Found, "mx1.f.example", time.GetUtcNow()), (state.Status, state.Hosts.Single(), state.CheckedAt));
        Assert.NotNull(state.LastError);
        Assert.Null(await alerts.GetAsync("f.example", AlertConditions.UncoveredMx, default));
    }

    [Fact]
    public async Task A_batch_takes_the_least_recently_checked_first()
    {
        foreach (var name in new[] { "c.example", "a.example", "b.example" })
        {
            dns.Mx[name] = [(10, "mx1." + name)];
            await AddAsync(name);
        }

        Assert.Equal(2, (await Watcher(batchSize: 2).RunAsync(default)).Checked);
        Assert.NotNull(await watch.GetMxAsync("a.example", default));
        Assert.NotNull(await watch.GetMxAsync("b.example", default));
        Assert.Null(await watch.GetMxAsync("c.example", default));

        time.Advance(TimeSpan.FromHours(2));
        await Watcher(batchSize: 1).RunAsync(default);
        Assert.Equal(time.GetUtcNow(), (await watch.GetMxAsync("c.example", default))!.CheckedAt); // never checked before: first
    }

    [Fact]
    public async Task In_enforce_an_uncovered_host_bounces_and_a_pattern_matching_nothing_is_a_notice()
    {
        dns.Mx["e.example"] = [(10, "mx9.e.example")];
        await AddAsync("e.example", PolicyMode.Enforce, false, "mx1.e.example");

        await Watcher().RunAsync(default);

        Assert.Contains("; in enforce, senders that honour the policy will not deliver to it.", (await alerts.GetAsync("e.example", AlertConditions.UncoveredMx, default))!.Text, StringComparison.Ordinal);
        Assert.Equal("e.example: mx pattern mx1.e.example matches no live MX host (mx9.e.example); harmless, but it may be a leftover", (await alerts.GetAsync("e.example", AlertConditions.UnusedMxPattern, default))!.Text);

        dns.Mx["e.example"] = [(10, "mx1.e.example")];
        time.Advance(TimeSpan.FromHours(1));
        await Watcher().RunAsync(default);
        Assert.False((await alerts.GetAsync("e.example", AlertConditions.UncoveredMx, default))!.IsOpen);
        Assert.False((await alerts.GetAsync("e.example", AlertConditions.UnusedMxPattern, default))!.IsOpen);
    }

    [Fact]
    public async Task A_sync_adds_the_host_and_is_told_and_counted()
    {
        dns.Mx["s.example"] = [(10, "mx1.s.example"), (20, "mx2.s.example")];
        await AddAsync("s.example", PolicyMode.Enforce, true, "mx1.s.example");

        Assert.Equal(new MxWatchSummary(1, 1, 0, 0, 1), await Watcher().RunAsync(default));

        Assert.Equal(["mx1.s.example", "mx2.s.example"], (await tenants.GetAsync("s.example", default))!.Policy.Mx);
        Assert.Equal("s.example: the MX watcher added mx2.s.example to the policy's mx list, now mx1.s.example, mx2.s.example (mxSync: auto); the DNS id follows after the rotation window.", (await alerts.GetAsync("s.example", AlertConditions.MxSynced, default))!.Text);
        Assert.Null(await alerts.GetAsync("s.example", AlertConditions.UncoveredMx, default));
    }

    [Fact]
    public async Task Offboarding_tenants_are_not_checked()
    {
        dns.Mx["o.example"] = [(10, "mx1.o.example")];
        await tenants.AddAsync(Tenant.Create("o.example", new StsPolicy(PolicyMode.Testing, ["mx1.o.example"], 604800), time.GetUtcNow()) with { State = TenantState.Offboarding }, default);

        Assert.Equal(0, (await Watcher().RunAsync(default)).Checked);
    }
}
