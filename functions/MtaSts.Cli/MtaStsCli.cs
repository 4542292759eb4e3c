using System.CommandLine;

namespace MtaSts.Cli;

/// <summary>The <c>mtasts</c> command line: its verbs, with help on each; usage errors and crashes exit 2.</summary>
public static class MtaStsCli
{
    public static RootCommand Create(TextWriter output, TextWriter error) =>
        new("mtasts: MTA-STS (RFC 8461) and TLS reporting (RFC 8460) tools")
        {
            CheckCommand.Create(output, error),
            PolicyCommands.Create(output, error),
            ReportCommands.Create(output, error),
            TenantCommands.Create(output, error),
        };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var parsed = Create(output, error).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync("mtasts: " + problem.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'mtasts --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await error.WriteLineAsync($"mtasts: internal error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }
}
