using System.CommandLine;
using Microsoft.Extensions.Options;
using MtaSts.Core.Reports;

namespace MtaSts.Cli;

/// <summary><c>mtasts report parse FILE</c>: a TLS report (.json, .json.gz or .eml) normalised to JSON (RFC 8460 §4).</summary>
public static class ReportCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A TLS report: .json, .json.gz or an e-mail (.eml); recognised by its content" };
        var parse = new Command("parse", "Print the normalised report(s) as JSON; on failure the reason on stderr and exit 1") { file };
        parse.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                await error.WriteLineAsync($"mtasts: {path.FullName} does not exist").ConfigureAwait(false);
                return ExitCodes.Error;
            }

            var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off, MaxCompressedBytes = 100 * 1024 * 1024, MaxDecompressedBytes = 500 * 1024 * 1024 });
            try
            {
                var bytes = await File.ReadAllBytesAsync(path.FullName, cancellationToken).ConfigureAwait(false);
                var source = await new ReportInputParser(options, new DkimChecker(options)).ParseAsync(bytes, path.Name, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(TlsReportJsonWriter.Write(source.Reports)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (ReportRefusedException e)
            {
                await error.WriteLineAsync($"mtasts: {path.Name}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Problems;
            }
        });

        return new Command("report", "SMTP TLS reports (RFC 8460)") { parse };
    }
}
