using System.Text.Json;
using MtaSts.Core.Tests.Conformance;

namespace MtaSts.Cli.Tests;

public sealed class ReportParseTests
{
    private static string Corpus(string path) => Path.Combine(ConformanceCorpus.Directory, "tlsrpt", path);

    [Theory]
    [InlineData("parsedmarc/rfc8460.json")]
    [InlineData("stalwart-mail-auth/rpt01.eml")]
    [InlineData("mox/microsoft.eml")]
    public async Task Prints_the_normalised_reports_and_exits_0(string path)
    {
        var (exitCode, output, error) = await CliRun.RunAsync("report", "parse", Corpus(path));

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement[0];
        Assert.Equal(JsonValueKind.Array, report.GetProperty("policies")[0].GetProperty("policy").GetProperty("mx-host").ValueKind);
        Assert.EndsWith("Z", report.GetProperty("date-range").GetProperty("start-datetime").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepts_json_gz_files()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mtasts-{Guid.NewGuid():N}.json.gz");
        try
        {
            await using (var gzip = new System.IO.Compression.GZipStream(File.Create(file), System.IO.Compression.CompressionLevel.Optimal))
            {
                await gzip.WriteAsync(await File.ReadAllBytesAsync(Corpus("dmarc-report-viewer/google.json")));
            }

            var (exitCode, output, _) = await CliRun.RunAsync("report", "parse", file);

            Assert.Equal(0, exitCode);
            Assert.Contains("\"organization-name\"", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_refused_input_prints_the_reason_on_stderr_and_exits_1()
    {
        var (exitCode, output, error) = await CliRun.RunAsync("report", "parse", Corpus("stalwart-mail-auth/rpt03.json"));

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("policy-domain is missing", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report", "parse")]
    [InlineData("report", "parse", "a", "b")]
    [InlineData("nonsense")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (exitCode, _, error) = await CliRun.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("mtasts --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        Assert.Equal(2, (await CliRun.RunAsync("report", "parse", "/nonexistent/report.json")).ExitCode);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("report", "--help")]
    [InlineData("report", "parse", "--help")]
    public async Task Every_verb_has_help(params string[] args)
    {
        var (exitCode, output, _) = await CliRun.RunAsync(args);

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage", output, StringComparison.Ordinal);
    }
}
