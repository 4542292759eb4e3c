using System.Diagnostics;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.EndToEnd;

/// <summary>
/// Debian's postfix-mta-sts-resolver (<c>mta-sts-query</c>, the client Postfix uses) fetches a tenant's policy from
/// the DevHost over HTTPS: a test CA, a certificate for <c>mta-sts.&lt;domain&gt;</c>, BIND answering the
/// <c>_mta-sts</c> TXT and the A records, all inside private namespaces (see the script).
/// </summary>
public sealed class MtaStsQueryEndToEndTests
{
    private const string Domain = "tenant-e2e.test";

    [Fact]
    public async Task Postfix_resolver_fetches_the_tenant_policy_and_reports_it_VALID()
    {
        var work = Directory.CreateTempSubdirectory("mtasts-e2e-").FullName;
        try
        {
            TestCertificates.Write(work, "mta-sts." + Domain);
            BindServer.WriteConfig(work, 53, new Dictionary<string, (string, bool)>
            {
                [Domain] = ("""
                    mta-sts  IN A   127.0.0.1
                    _mta-sts IN TXT "v=STSv1; id=20261129000000"
                    @        IN MX  10 mail
                    mail     IN A   127.0.0.1
                    """, false),
            });

            var (exitCode, output) = await RunAsync(work);

            Assert.True(exitCode == 0, output);
            Assert.Contains("201", output, StringComparison.Ordinal);
            Assert.Contains("STSFetchResult.VALID", output, StringComparison.Ordinal);
            Assert.Contains("'20261129000000'", output, StringComparison.Ordinal);
            Assert.Contains("'mode': 'enforce'", output, StringComparison.Ordinal);
            Assert.Contains($"'mx': ['mail.{Domain}', '*.mx.{Domain}']", output, StringComparison.Ordinal);
            Assert.Contains("'max_age': 86400", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string work)
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
            work, Path.Combine(DevHostProcess.BuildOutput, "MtaSts.DevHost.dll"), Domain,
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
