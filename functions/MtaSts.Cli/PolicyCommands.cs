using System.CommandLine;
using System.Text.Json;
using MtaSts.Core.Checks;
using MtaSts.Core.Policies;

namespace MtaSts.Cli;

/// <summary><c>mtasts policy lint FILE|-</c>: errors and warnings with line numbers (RFC 8461 §3.2).</summary>
public static class PolicyCommands
{
    private const int MaxRead = 1024 * 1024;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("FILE") { Description = "The policy file, or - for standard input" };
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON" };
        var lint = new Command("lint", "Check a policy file: exit 0 when it has no errors (warnings allowed), 1 when it has errors") { file, json };
        lint.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            byte[] bytes;
            try
            {
                bytes = path == "-" ? await ReadAsync(Console.OpenStandardInput(), cancellationToken).ConfigureAwait(false) : await ReadAsync(File.OpenRead(path), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"mtasts: {path}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Error;
            }

            var findings = PolicyLinter.Lint(bytes);
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(
                    new
                    {
                        file = path,
                        valid = findings.IsValid,
                        errors = findings.Errors.Select(Finding),
                        warnings = findings.Warnings.Select(Finding),
                    },
                    CliJson.Options)).ConfigureAwait(false);
            }
            else
            {
                foreach (var finding in findings.Diagnostics)
                {
                    var where = finding.Line > 0 ? $"{path}:{finding.Line}" : path;
                    await output.WriteLineAsync($"{where}: {(finding.Severity == DiagnosticSeverity.Error ? "error" : "warning")}: {finding.Message} [{finding.Code}]").ConfigureAwait(false);
                }

                await output.WriteLineAsync($"{findings.Errors.Count()} error(s), {findings.Warnings.Count()} warning(s){(findings.IsValid ? string.Empty : "; senders would ignore this policy")}").ConfigureAwait(false);
            }

            return findings.IsValid ? ExitCodes.Ok : ExitCodes.Problems;
        });

        return new Command("policy", "MTA-STS policy files (RFC 8461 §3.2)") { lint };
    }

    private static object Finding(PolicyDiagnostic d) => new { line = d.Line, code = d.Code, message = d.Message };

    private static async Task<byte[]> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0 && buffer.Length <= MaxRead)
            {
                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
