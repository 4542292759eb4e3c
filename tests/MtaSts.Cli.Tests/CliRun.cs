namespace MtaSts.Cli.Tests;

/// <summary>Runs <c>mtasts</c> in process and captures what it writes.</summary>
public static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MtaStsCli.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
