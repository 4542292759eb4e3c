using System.CommandLine;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MtaSts.Core.Checks;

namespace MtaSts.Cli;

/// <summary>
/// <c>mtasts check DOMAIN</c>: the domain as a sending MTA sees it, as a table of pass / warn / fail with a fix for
/// each failure. Exit 0 when nothing fails (warnings allowed), 1 when something fails. Like the server-side checks, it
/// contacts only global unicast addresses unless <c>--allow-private-targets</c> is given: senders on the Internet
/// cannot reach the others either.
/// </summary>
public static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var domain = new Argument<string>("DOMAIN") { Description = "The mail domain, like example.com" };
        var dnsServer = new Option<string?>("--dns-server") { Description = "Ask this resolver, IP[:PORT], instead of the system's" };
        var caFile = new Option<FileInfo?>("--ca-file") { Description = "Also trust the CA certificates in this PEM file" };
        var httpsPort = new Option<int>("--https-port") { Description = "Fetch the policy on this port", DefaultValueFactory = _ => 443 };
        var smtp = new Option<bool>("--smtp") { Description = "Also try STARTTLS on each MX and check its certificate" };
        var smtpPort = new Option<int>("--smtp-port") { Description = "SMTP port for --smtp", DefaultValueFactory = _ => 25 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds each network step may take", DefaultValueFactory = _ => 10 };
        var allowPrivate = new Option<bool>("--allow-private-targets")
        {
            Description = "Also connect to private, loopback, link-local and other addresses that are not global unicast (a lab or internal domain); without it such names are reported and not contacted",
        };
        var json = new Option<bool>("--json") { Description = "Print the checks as JSON" };
        var command = new Command("check", "Check a domain's MTA-STS as a sending MTA would") { domain, dnsServer, caFile, httpsPort, smtp, smtpPort, timeout, allowPrivate, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            IPEndPoint? server = null;
            if (result.GetValue(dnsServer) is { } text && !TryEndpoint(text, out server))
            {
                await error.WriteLineAsync($"mtasts: --dns-server '{text}' is not IP[:PORT]").ConfigureAwait(false);
                return ExitCodes.Error;
            }

            X509Certificate2Collection? roots = null;
            if (result.GetValue(caFile) is { } pem)
            {
                try
                {
                    roots = [];
                    roots.ImportFromPemFile(pem.FullName);
                }
                catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException)
                {
                    await error.WriteLineAsync($"mtasts: --ca-file {pem.FullName}: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.Error;
                }
            }

            var options = new DomainCheckOptions
            {
                DnsServer = server,
                TrustedRoots = roots,
                HttpsPort = result.GetValue(httpsPort),
                Smtp = result.GetValue(smtp),
                SmtpPort = result.GetValue(smtpPort),
                Timeout = TimeSpan.FromSeconds(Math.Clamp(result.GetValue(timeout), 1, 120)),
                AllowPrivateTargets = result.GetValue(allowPrivate),
            };
            var report = await new DomainChecker().CheckAsync(result.GetValue(domain)!, options, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Options)).ConfigureAwait(false);
            }
            else
            {
                await CheckTable.WriteAsync(output, report.Domain, report.Checks).ConfigureAwait(false);
            }

            return report.HasFailures ? ExitCodes.Problems : ExitCodes.Ok;
        });
        return command;
    }

    private static bool TryEndpoint(string text, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (!IPEndPoint.TryParse(text, out var parsed))
        {
            return false;
        }

        endpoint = parsed.Port == 0 ? new IPEndPoint(parsed.Address, 53) : parsed;
        return true;
    }
}
