using System.Net;
using MtaSts.Core.Checks;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Checks;

/// <summary>Second review of #13: a resolver that fails on <c>_mta-sts</c> is reported as a failed lookup, not as a missing record.</summary>
public sealed class DomainCheckerLookupTests : IDisposable
{
    private readonly DnsResponder dns = new();

    public void Dispose() => dns.Dispose();

    private async Task<CheckResult> TxtCheckAsync()
    {
        var options = new DomainCheckOptions { DnsServer = IPEndPoint.Parse(dns.Endpoint), Timeout = TimeSpan.FromSeconds(2) };
        var report = await new DomainChecker().CheckAsync("example.com", options, default);
        return report.Checks.Single(c => c.Check == "mta-sts-txt");
    }

    [Fact]
    public async Task A_servfail_is_a_failed_lookup_and_nxdomain_is_a_missing_record()
    {
        dns.ErrorCode = DnsResponder.ServFail;
        var failed = await TxtCheckAsync();
        Assert.Equal(CheckStatus.Fail, failed.Status);
        Assert.Contains("the lookup failed", failed.Detail, StringComparison.Ordinal);

        dns.ErrorCode = null;
        var missing = await TxtCheckAsync();
        Assert.Equal(CheckStatus.Fail, missing.Status);
        Assert.Contains("no v=STSv1 TXT record", missing.Detail, StringComparison.Ordinal);
    }
}
