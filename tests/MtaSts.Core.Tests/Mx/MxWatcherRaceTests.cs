using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Mx;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Mx;

/// <summary>mxSync: auto against an admin who changes the tenant while the watcher looks up its MX: the admin's change wins.</summary>
public sealed class MxWatcherRaceTests : IDisposable
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryAlertStore alerts = new();
    private readonly DnsResponder dns = new();

    public MxWatcherRaceTests() => dns.Mx["sync.example"] = [(10, "mx1.sync.example"), (20, "mx2.sync.example")];

    public void Dispose() => dns.Dispose();

    private MxWatcher Watcher()
    {
        var options = Options.Create(new MxOptions { DnsServer = dns.Endpoint, TimeoutSeconds = 2, QueriesPerSecond = 1000 });
        var alertService = new AlertService(alerts, Options.Create(new AlertOptions()), time, NullLogger<AlertService>.Instance);
        return new MxWatcher(tenants, new InMemoryWatchStore(), new MxResolver(options), TestServices.Admin(tenants, time), alertService, options, time, NullLogger<MxWatcher>.Instance);
    }

    /// <summary>Review of #13: the sync once compared only the mx lists, so it would have put back the mode an admin had just changed.</summary>
    [Fact]
    public async Task An_admin_change_made_during_the_check_is_not_overwritten_by_the_sync()
    {
        await tenants.AddAsync(Tenant.Create("sync.example", new StsPolicy(PolicyMode.Enforce, ["mx1.sync.example"], 604800), time.GetUtcNow()) with { Automation = new TenantAutomation(false, true, []) }, default);
        var admin = TestServices.Admin(tenants, time);
        var changed = false;
        tenants.BeforeRead = async domain =>
        {
            // The first read is the watcher's own (it has the list already): the admin moves the tenant back to testing then.
            if (!changed)
            {
                changed = true;
                await admin.PutAsync(domain, "{\"mode\":\"testing\",\"mx\":[\"mx1.sync.example\"]}"u8.ToArray(), default);
            }
        };

        await Watcher().RunAsync(default);

        var tenant = (await tenants.GetAsync("sync.example", default))!;
        Assert.Equal((PolicyMode.Testing, PolicyChangers.Admin), (tenant.Policy.Mode, tenant.PolicyChangedBy));
        Assert.Equal(["mx1.sync.example"], tenant.Policy.Mx);
    }

    [Fact]
    public async Task Without_a_race_the_sync_adds_the_new_host_and_keeps_the_mode()
    {
        await tenants.AddAsync(Tenant.Create("sync.example", new StsPolicy(PolicyMode.Enforce, ["mx1.sync.example"], 604800), time.GetUtcNow()) with { Automation = new TenantAutomation(false, true, []) }, default);

        var summary = await Watcher().RunAsync(default);

        var tenant = (await tenants.GetAsync("sync.example", default))!;
        Assert.Equal(1, summary.Synced);
        Assert.Equal((PolicyMode.Enforce, PolicyChangers.MxSync), (tenant.Policy.Mode, tenant.PolicyChangedBy));
        Assert.Equal(["mx1.sync.example", "mx2.sync.example"], tenant.Policy.Mx);
    }
}
