using System.Diagnostics;
using System.Text.RegularExpressions;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.EndToEnd;

/// <summary>
/// Debian's postfix-mta-sts-resolver (<c>mta-sts-query</c>, the client Postfix uses) fetches a tenant's policy from
/// the DevHost over HTTPS: a test CA, a certificate for <c>mta-sts.&lt;domain&gt;</c>, BIND answering the
/// <c>_mta-sts</c> TXT and the A records, the TXT written by <c>RotatePolicyIds</c> through RFC 2136 with TSIG,
/// all inside private namespaces (see the script).
/// </summary>
public sealed class MtaStsQueryEndToEndTests
{
    private const string Domain = "tenant-e2e.test";

    [Fact]
    public async Task Postfix_resolver_sees_the_policy_and_the_new_one_once_the_id_has_rotated()
    {
        var work = Directory.CreateTempSubdirectory("mtasts-e2e-").FullName;
        var secret = BindServer.NewSecret();
        try
        {
            TestCertificates.Write(work, "mta-sts." + Domain);
            BindServer.WriteConfig(work, 53, new Dictionary<string, (string, bool)>
            {
                [Domain] = ("""
                    mta-sts  IN A   127.0.0.1
                    @        IN MX  10 mail
                    mail     IN A   127.0.0.1
                    """, true),
            }, secret);

            var (exitCode, output) = await RunAsync(work, secret);
            Assert.True(exitCode == 0, output);
            var lines = output.Split('\n');
            string Line(string prefix) => lines.Single(l => l.StartsWith(prefix, StringComparison.Ordinal));

            // Phase 1: a new tenant's first id waits the window too (nothing after the first run), and then the
            // resolver sees its policy.
            Assert.Equal("TXT0: ", Line("TXT0:"));
            var first = Regex.Match(Line("TXT1:"), "^TXT1: \"v=STSv1; id=(\\d+)\" $");
            Assert.True(first.Success, Line("TXT1:"));
            var query1 = Line("QUERY1:");
            Assert.Contains("STSFetchResult.VALID", query1, StringComparison.Ordinal);
            Assert.Contains($"'{first.Groups[1].Value}'", query1, StringComparison.Ordinal);
            Assert.Contains("'mode': 'testing'", query1, StringComparison.Ordinal);
            Assert.Contains($"'mx': ['mail.{Domain}', '*.mx.{Domain}']", query1, StringComparison.Ordinal);
            Assert.Contains("'max_age': 86400", query1, StringComparison.Ordinal);

            // Phase 2: a changed policy keeps the old id until the cache window has passed, then gets a new one.
            Assert.Equal(Line("TXT1:")[5..], Line("TXT2:")[5..]);
            var third = Regex.Match(Line("TXT3:"), "^TXT3: \"v=STSv1; id=(\\d+)\" $");
            Assert.True(third.Success, Line("TXT3:"));
            Assert.True(string.CompareOrdinal(third.Groups[1].Value, first.Groups[1].Value) > 0);
            var query3 = Line("QUERY3:");
            Assert.Contains("STSFetchResult.VALID", query3, StringComparison.Ordinal);
            Assert.Contains($"'{third.Groups[1].Value}'", query3, StringComparison.Ordinal);
            Assert.Contains("'mode': 'enforce'", query3, StringComparison.Ordinal);
            Assert.Contains("'max_age': 604800", query3, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string work, string secret)
    {
        var start = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--mount", "--net", "--pid", "--fork", "--mount-proc", "bash",
            Path.Combine(AppContext.BaseDirectory, "EndToEnd", "mta-sts-query-e2e.sh"),
            work, Path.Combine(DevHostProcess.BuildOutput, "MtaSts.DevHost.dll"), Domain, BindServer.KeyName, secret,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The end-to-end script did not finish in 3 minutes:\n" + await stdout + await stderr + Logs(work));
        }

        return (process.ExitCode, await stdout + await stderr + (process.ExitCode == 0 ? string.Empty : Logs(work)));
    }

    private static string Logs(string work) =>
        string.Concat(new[] { "devhost.log", "named.log" }.Where(f => File.Exists(Path.Combine(work, f))).Select(f => $"\n== {f}\n" + File.ReadAllText(Path.Combine(work, f))));
}
