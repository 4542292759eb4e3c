using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Checks;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Checks;

/// <summary>
/// The status checks share one deadline: against a resolver that never answers (a UDP socket nobody reads), the
/// service answers at the deadline with every unfinished check failed, instead of waiting out each step's time limit.
/// </summary>
public sealed class TenantStatusServiceTests : IDisposable
{
    private const string Domain = "example.com";
    private readonly UdpClient silentResolver = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly InMemoryTenantStore store = new();

    public TenantStatusServiceTests()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        _ = store.AddAsync(new Tenant { Domain = Domain, Policy = Support.Policies.Enforce(), CreatedAt = now, PolicyChangedAt = now }, default).Result;
    }

    public void Dispose() => silentResolver.Dispose();

    private TenantStatusService Service(TimeProvider time, int deadlineSeconds, string? zone = null) => new(
        store,
        Options.Create(new CheckOptions { DnsServer = silentResolver.Client.LocalEndPoint!.ToString(), TimeoutSeconds = 10, StatusDeadlineSeconds = deadlineSeconds }),
        TestOptions.Serving(),
        TestOptions.Dns(zone),
        TestOptions.Window(),
        time);

    [Fact]
    public async Task A_target_that_never_answers_is_reported_as_not_finished_at_the_deadline()
    {
        var watch = Stopwatch.StartNew();

        var (view, outcome, errors) = await Service(TimeProvider.System, deadlineSeconds: 1, zone: "policies.example.net").GetAsync(Domain, default);

        watch.Stop();
        Assert.Equal(AdminOutcome.Found, outcome);
        Assert.Empty(errors);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        Assert.False(view!.Healthy);
        Assert.Equal(
            ["mta-sts-txt", "https-fetch", "policy-syntax", "mx-coverage", "tlsrpt-record", "served-policy", "published-id", "rotation", "record-mta-sts", "record-mta-sts-delegation"],
            view.Checks.Select(c => c.Check));
        Assert.All(view.Checks.Where(c => c.Check != "rotation"), c =>
        {
            Assert.Equal(CheckStatus.Fail, c.Status);
            Assert.Equal("not finished: the status checks stop after 1 s (Checks:StatusDeadlineSeconds)", c.Detail);
            Assert.Contains("mtasts check example.com", c.Fix, StringComparison.Ordinal);
        });
        // The rotation check needs no network: the stored tenant answers it.
        Assert.DoesNotContain("not finished", view.Checks.Single(c => c.Check == "rotation").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_deadline_runs_on_the_injected_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pending = Service(time, deadlineSeconds: 20).GetAsync(Domain, default);
        await Task.Delay(100);
        Assert.False(pending.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(20));
        var (view, _, _) = await pending.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Contains(view!.Checks, c => c.Check == "mta-sts-txt" && c.Detail.StartsWith("not finished: the status checks stop after 20 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_the_caller_abandons_is_cancelled_not_answered()
    {
        using var abandoned = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Service(TimeProvider.System, deadlineSeconds: 20).GetAsync(Domain, abandoned.Token));
    }
}
