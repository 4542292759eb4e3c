using MtaSts.Core.Checks;

namespace MtaSts.IntegrationTests.Checks;

/// <summary>The domain checker against real BIND, HTTPS and SMTP servers, one domain per way of getting MTA-STS wrong.</summary>
[Collection(CheckerCollection.Name)]
public sealed class DomainCheckerTests(CheckerLab lab)
{
    private async Task<DomainCheckReport> CheckAsync(string scenario, bool smtp = false, bool allowPrivate = true) =>
        await new DomainChecker().CheckAsync($"{scenario}.{CheckerLab.Zone}", lab.Options(smtp, allowPrivate), default);

    [Fact]
    public async Task A_clean_domain_passes_every_check_including_STARTTLS()
    {
        var report = await CheckAsync("good", smtp: true);

        Assert.False(report.HasFailures, string.Join("\n", report.Checks));
        Assert.All(report.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
        Assert.Equal("20261129000000", report.PolicyId);
        Assert.Contains(report.Checks, c => c.Check == "smtp-starttls mx1.good.check.test");
    }

    [Fact]
    public async Task An_LF_only_policy_passes_with_a_warning()
    {
        var report = await CheckAsync("lf");

        Assert.False(report.HasFailures, string.Join("\n", report.Checks));
        Assert.Equal(CheckStatus.Warn, report.Checks.Single(c => c.Check == "policy-syntax").Status);
    }

    [Theory]
    [InlineData("twotxt", "mta-sts-txt", "2 TXT records")]
    [InlineData("badid", "mta-sts-txt", "id 'bad-id!'")]
    [InlineData("missingtxt", "mta-sts-txt", "no v=STSv1 TXT record")]
    [InlineData("redirect", "https-status", "301 redirect to https://www.check.test/mta-sts.txt")]
    [InlineData("mediatype", "https-content-type", "text/html")]
    [InlineData("wrongname", "https-certificate", "not mta-sts.wrongname.check.test")]
    [InlineData("expired", "https-certificate", "not valid now")]
    [InlineData("oversized", "https-size", "larger than 65536 bytes")]
    [InlineData("notfound", "https-status", "HTTP 404")]
    [InlineData("uncovered", "mx-coverage", "MX mx2.uncovered.check.test is not covered")]
    [InlineData("wildcard", "mx-coverage", "more than one label below *.mx.wildcard.check.test")]
    [InlineData("slow", "https-fetch", "did not answer completely within 5 s")]
    public async Task Each_failure_is_reported_with_a_fix(string scenario, string check, string detail)
    {
        var report = await CheckAsync(scenario);

        var failure = Assert.Single(report.Checks, c => c.Check == check && c.Status == CheckStatus.Fail && c.Detail.Contains(detail, StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(failure.Fix));
        Assert.True(report.HasFailures);
    }

    [Fact]
    public async Task STARTTLS_with_a_certificate_for_another_name_fails()
    {
        var report = await CheckAsync("uncovered", smtp: true);

        var probe = report.Checks.Single(c => c.Check == "smtp-starttls mx1.uncovered.check.test");
        Assert.Equal(CheckStatus.Fail, probe.Status);
        Assert.Contains("not mx1.uncovered.check.test", probe.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resolver_that_does_not_answer_is_a_failed_check_not_a_crash()
    {
        var options = lab.Options() with { DnsServer = System.Net.IPEndPoint.Parse($"127.0.0.1:{Support.FreePort.Next()}"), Timeout = TimeSpan.FromSeconds(1) };

        var report = await new DomainChecker().CheckAsync("good.check.test", options, default);

        Assert.True(report.HasFailures);
        Assert.Contains(report.Checks, c => c.Status == CheckStatus.Fail && c.Detail.Contains("DNS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_side_checks_refuse_targets_that_are_not_global_unicast()
    {
        var report = await CheckAsync("good", smtp: true, allowPrivate: false);

        Assert.Contains(report.Checks, c => c.Check == "https-fetch" && c.Detail == "mta-sts.good.check.test resolves to 127.0.0.1 (loopback, RFC 1122 §3.2.1.3), not a global unicast address; not contacted");
        Assert.Contains(report.Checks, c => c.Check == "smtp-starttls mx1.good.check.test" && c.Status == CheckStatus.Fail && c.Detail.Contains("127.0.0.1 (loopback", StringComparison.Ordinal));
    }

    [Fact]
    public async Task By_default_the_checks_contact_no_private_target()
    {
        var report = await new DomainChecker().CheckAsync("good.check.test", new DomainCheckOptions { DnsServer = lab.Dns, TrustedRoots = lab.Ca.Roots, HttpsPort = lab.HttpsPort }, default);

        Assert.Contains(report.Checks, c => c.Check == "https-fetch" && c.Detail.Contains("not a global unicast address; not contacted", StringComparison.Ordinal));
        Assert.Null(report.PolicyText);
    }
}
