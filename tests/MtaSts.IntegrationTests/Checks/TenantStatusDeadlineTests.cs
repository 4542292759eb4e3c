using System.Diagnostics;
using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Checks;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.IntegrationTests.Checks;

/// <summary>
/// The status checks against the lab's real DNS and HTTPS servers share one deadline: a policy host that accepts the
/// connection and never answers is cut off there, and what finished before it is still reported.
/// </summary>
[Collection(CheckerCollection.Name)]
public sealed class TenantStatusDeadlineTests(CheckerLab lab)
{
    private async Task<(TenantStatusView View, TimeSpan Elapsed)> StatusAsync(string domain, int deadlineSeconds)
    {
        var store = new InMemoryTenantStore();
        var now = TimeProvider.System.GetUtcNow();
        await store.AddAsync(new Tenant { Domain = domain, Policy = new StsPolicy(PolicyMode.Enforce, [$"mx1.{domain}"], 1209600), CreatedAt = now, PolicyChangedAt = now }, default);
        var settings = new CheckOptions
        {
            DnsServer = lab.Dns.ToString(),
            CaFile = lab.CaFile,
            HttpsPort = lab.HttpsPort,
            AllowPrivateTargets = true, // the lab is on 127.0.0.0/8
            TimeoutSeconds = 10,
            StatusDeadlineSeconds = deadlineSeconds,
        };
        var service = new TenantStatusService(store, Options.Create(settings), TestOptions.Serving("mtasts.check.test"), TestOptions.Dns(), TestOptions.Window(), TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var (view, outcome, _) = await service.GetAsync(domain, default);
        Assert.Equal(AdminOutcome.Found, outcome);
        return (view!, watch.Elapsed);
    }

    [Fact]
    public async Task A_policy_host_that_accepts_and_stays_silent_is_cut_off_at_the_deadline_keeping_what_finished()
    {
        var (view, elapsed) = await StatusAsync("silent.check.test", deadlineSeconds: 1);

        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        Assert.False(view.Healthy);
        Assert.Equal(CheckStatus.Pass, view.Checks.Single(c => c.Check == "mta-sts-txt").Status);
        var fetch = view.Checks.Single(c => c.Check == "https-fetch");
        Assert.Equal(CheckStatus.Fail, fetch.Status);
        Assert.Equal("not finished: the status checks stop after 1 s (Checks:StatusDeadlineSeconds)", fetch.Detail);
        Assert.All(["policy-syntax", "mx-coverage", "tlsrpt-record", "served-policy", "published-id", "record-mta-sts"], check =>
            Assert.StartsWith("not finished", view.Checks.Single(c => c.Check == check).Detail, StringComparison.Ordinal));
        Assert.DoesNotContain("not finished", view.Checks.Single(c => c.Check == "rotation").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Within_the_deadline_every_check_finishes()
    {
        var (view, _) = await StatusAsync("good.check.test", deadlineSeconds: 20);

        Assert.DoesNotContain(view.Checks, c => c.Detail.StartsWith("not finished", StringComparison.Ordinal));
        Assert.Equal(CheckStatus.Pass, view.Checks.Single(c => c.Check == "served-policy").Status);
        Assert.Equal(CheckStatus.Pass, view.Checks.Single(c => c.Check == "tlsrpt-record").Status);
    }
}
