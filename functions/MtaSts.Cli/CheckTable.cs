using MtaSts.Core.Checks;

namespace MtaSts.Cli;

/// <summary>Prints checks as a table: status, check, what was found; a fix line under each failure or warning.</summary>
public static class CheckTable
{
    public static async Task WriteAsync(TextWriter output, string domain, IReadOnlyList<CheckResult> checks)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(checks);
        await output.WriteLineAsync($"MTA-STS check of {domain}").ConfigureAwait(false);
        var width = checks.Count == 0 ? 10 : checks.Max(c => c.Check.Length);
        foreach (var check in checks)
        {
            var status = check.Status switch { CheckStatus.Pass => "PASS", CheckStatus.Warn => "WARN", _ => "FAIL" };
            await output.WriteLineAsync($"  {status}  {check.Check.PadRight(width)}  {check.Detail}").ConfigureAwait(false);
            if (check.Fix is not null && check.Status != CheckStatus.Pass)
            {
                await output.WriteLineAsync($"        {new string(' ', width)}  fix: {check.Fix}").ConfigureAwait(false);
            }
        }

        var failed = checks.Count(c => c.Status == CheckStatus.Fail);
        var warned = checks.Count(c => c.Status == CheckStatus.Warn);
        await output.WriteLineAsync($"{checks.Count - failed - warned} passed, {warned} warning(s), {failed} failed").ConfigureAwait(false);
    }
}
