using System.Text.Json;
using MtaSts.Cli;

namespace MtaSts.IntegrationTests.Checks;

/// <summary><c>mtasts check</c> as a user runs it, against the lab's DNS, HTTPS and SMTP servers.</summary>
[Collection(CheckerCollection.Name)]
public sealed class CheckCommandTests(CheckerLab lab)
{
    /// <summary>Runs <c>mtasts check</c> at the lab, whose servers are on 127.0.0.1: reaching them needs <c>--allow-private-targets</c>.</summary>
    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] extra) => RunAtLabAsync(["--allow-private-targets", .. extra]);

    private async Task<(int ExitCode, string Output, string Error)> RunAtLabAsync(params string[] extra)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["check", .. extra, "--dns-server", lab.Dns.ToString(), "--ca-file", lab.CaFile, "--https-port", lab.HttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var exitCode = await MtaStsCli.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_clean_domain_exits_0_with_a_table()
    {
        var (exitCode, output, _) = await RunAsync("good.check.test", "--smtp", "--smtp-port", lab.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(exitCode == 0, output);
        Assert.Contains("PASS  mta-sts-txt", output, StringComparison.Ordinal);
        Assert.Contains("PASS  smtp-starttls mx1.good.check.test", output, StringComparison.Ordinal);
        Assert.Contains(" 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problems_exit_1_with_the_fix_and_as_json()
    {
        var (exitCode, output, _) = await RunAsync("wildcard.check.test");
        if (Environment.GetEnvironmentVariable("MTASTS_SAMPLE_OUTPUT") is { Length: > 0 } sample)
        {
            await File.WriteAllTextAsync(sample, output);
        }

        var (jsonExit, json, _) = await RunAsync("wildcard.check.test", "--json");

        Assert.Equal(1, exitCode);
        Assert.Contains("FAIL  mx-coverage", output, StringComparison.Ordinal);
        Assert.Contains("fix: add 'mx: a.b.mx.wildcard.check.test' or 'mx: *.b.mx.wildcard.check.test'", output, StringComparison.Ordinal);
        Assert.Equal(1, jsonExit);
        using var document = JsonDocument.Parse(json);
        Assert.Contains(document.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("status").GetString() == "fail");
    }

    [Fact]
    public async Task Without_allow_private_targets_a_loopback_target_is_reported_and_not_contacted()
    {
        var (exitCode, output, _) = await RunAtLabAsync("good.check.test", "--smtp", "--smtp-port", lab.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, exitCode);
        Assert.Contains("FAIL  https-fetch", output, StringComparison.Ordinal);
        Assert.Contains("mta-sts.good.check.test resolves to 127.0.0.1 (loopback, RFC 1122 §3.2.1.3), not a global unicast address; not contacted", output, StringComparison.Ordinal);
        Assert.Contains("FAIL  smtp-starttls mx1.good.check.test", output, StringComparison.Ordinal);
        Assert.Contains("mx1.good.check.test resolves to 127.0.0.1 (loopback", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_documents_allow_private_targets()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, await MtaStsCli.RunAsync(["check", "--help"], output, error));
        Assert.Contains("--allow-private-targets", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("not global unicast", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_dns_server_is_a_usage_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, await MtaStsCli.RunAsync(["check", "good.check.test", "--dns-server", "not-an-ip"], output, error));
    }
}
