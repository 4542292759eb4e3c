using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using MtaSts.Core.Checks;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;
using MtaSts.Functions.Admin;

namespace MtaSts.Functions.Tests;

/// <summary><c>GET /api/tenants/{domain}/status</c> answers by its deadline, with 200, even when nothing answers it.</summary>
public sealed class GetTenantStatusTests
{
    [Fact]
    public async Task A_resolver_that_never_answers_gives_200_with_unfinished_checks_by_the_deadline()
    {
        using var silentResolver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var harness = new FunctionHarness();
        var now = harness.Time.GetUtcNow();
        await harness.Store.AddAsync(new Tenant { Domain = "example.com", Policy = Policies.Enforce(), CreatedAt = now, PolicyChangedAt = now }, default);
        var settings = new CheckOptions { DnsServer = silentResolver.Client.LocalEndPoint!.ToString(), TimeoutSeconds = 10, StatusDeadlineSeconds = 1 };
        var status = new TenantStatusService(harness.Store, Options.Create(settings), TestOptions.Serving(), TestOptions.Dns(), TestOptions.Window(), TimeProvider.System);
        var request = FunctionHarness.Request("GET");
        var watch = Stopwatch.StartNew();

        var response = await FunctionHarness.ExecuteAsync(await new GetTenantStatus(status).Run(request, "example.com", default), request);

        Assert.Equal(200, response.Status);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        Assert.False(response.Json.GetProperty("healthy").GetBoolean());
        var txt = response.Json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "mta-sts-txt");
        Assert.Equal("fail", txt.GetProperty("status").GetString());
        Assert.StartsWith("not finished", txt.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
