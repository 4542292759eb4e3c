using System.Text.Json;
using MtaSts.Core.Tests.Conformance;

namespace MtaSts.Cli.Tests;

public sealed class PolicyLintTests
{
    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mtasts-lint-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_good_policy_exits_0_and_LF_only_is_a_warning()
    {
        var path = Write("version: STSv1\nmode: enforce\nmx: mx1.mail.test\nmax_age: 1209600\n");

        var (exitCode, output, _) = await CliRun.RunAsync("policy", "lint", path);

        Assert.Equal(0, exitCode);
        Assert.Contains($"{path}:1: warning:", output, StringComparison.Ordinal);
        Assert.Contains("0 error(s), 4 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_exit_1_with_line_numbers_and_json()
    {
        var template = Path.Combine(ConformanceCorpus.Directory, "mtasts/policy-files/jpawlowski-mta-sts.template.txt");

        var (exitCode, output, _) = await CliRun.RunAsync("policy", "lint", template);
        var (jsonExit, json, _) = await CliRun.RunAsync("policy", "lint", template, "--json");

        Assert.Equal(1, exitCode);
        Assert.Contains($"{template}:2: error:", output, StringComparison.Ordinal);
        Assert.Equal(1, jsonExit);
        using var document = JsonDocument.Parse(json);
        Assert.False(document.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains(document.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("line").GetInt32() == 3);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        Assert.Equal(2, (await CliRun.RunAsync("policy", "lint", "/nonexistent/policy.txt")).ExitCode);
    }
}
