using System.Text.Json;
using MtaSts.Cli;

namespace MtaSts.IntegrationTests.Checks;

/// <summary><c>mtasts check</c> as a user runs it, against the lab's DNS, HTTPS and SMTP servers.</summary>
[Collection(CheckerCollection.Name)]
public sealed class CheckCommandTests(CheckerLab lab)
{
    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] extra)
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
    public async Task A_bad_dns_server_is_a_usage_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, await MtaStsCli.RunAsync(["check", "good.check.test", "--dns-server", "not-an-ip"], output, error));
    }
}
