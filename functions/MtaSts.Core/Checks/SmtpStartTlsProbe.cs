using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace MtaSts.Core.Checks;

/// <summary>
/// <c>--smtp</c>: connects to an MX host, says EHLO, asks for STARTTLS (RFC 3207) and completes the TLS handshake with
/// the MX name as SNI, checking the certificate for that name as an MTA-STS sender must (RFC 8461 §4.2). Each step has
/// the check's time limit; nothing is sent after the handshake but QUIT. Unless
/// <see cref="DomainCheckOptions.AllowPrivateTargets"/>, a host with an address that is not global unicast
/// (<see cref="NetworkAddresses"/>) is not contacted.
/// </summary>
public sealed class SmtpStartTlsProbe(DnsLookup dns, DomainCheckOptions options)
{
    public async Task<CheckResult> ProbeAsync(string mxHost, CancellationToken cancellationToken)
    {
        var check = "smtp-starttls " + mxHost;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var addresses = await dns.AddressesAsync(mxHost, timeout.Token).ConfigureAwait(false);
            if (addresses.Count == 0)
            {
                return CheckResult.Fail(check, $"{mxHost} has no address", $"publish an A or AAAA record for {mxHost}");
            }

            if (!options.AllowPrivateTargets && NetworkAddresses.FirstRefused(addresses) is { } refused)
            {
                return CheckResult.Fail(check, $"{mxHost} resolves to {refused}, not a global unicast address; not contacted", $"publish only public addresses for {mxHost}: senders cannot reach the others");
            }

            using var client = new TcpClient(addresses[0].AddressFamily);
            await client.ConnectAsync(new IPEndPoint(addresses[0], options.SmtpPort), timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await ExpectAsync(stream, "220", timeout.Token).ConfigureAwait(false);
            await SendAsync(stream, "EHLO mtasts-check.invalid", timeout.Token).ConfigureAwait(false);
            var ehlo = await ExpectAsync(stream, "250", timeout.Token).ConfigureAwait(false);
            if (!ehlo.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase))
            {
                return CheckResult.Fail(check, $"{mxHost} does not offer STARTTLS", "enable STARTTLS on the MX with a valid certificate");
            }

            await SendAsync(stream, "STARTTLS", timeout.Token).ConfigureAwait(false);
            await ExpectAsync(stream, "220", timeout.Token).ConfigureAwait(false);
            var problems = new List<string>();
            await using var tls = new SslStream(stream, leaveInnerStreamOpen: true, (_, certificate, _, errors) =>
            {
                problems.AddRange(TlsValidation.Problems(mxHost, certificate, errors, options.TrustedRoots));
                return true;
            });
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = mxHost }, timeout.Token).ConfigureAwait(false);
            await SendAsync(tls, "QUIT", timeout.Token).ConfigureAwait(false);
            return problems.Count == 0
                ? CheckResult.Pass(check, $"STARTTLS with {tls.SslProtocol}, certificate valid for {mxHost}")
                : CheckResult.Fail(check, string.Join("; ", problems), $"install a valid certificate for {mxHost} on the MX (senders in enforce mode will refuse it)");
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or InvalidDataException or System.Security.Authentication.AuthenticationException)
        {
            return CheckResult.Fail(check, $"{mxHost}: {e.Message}", $"make {mxHost} accept SMTP with STARTTLS on port {options.SmtpPort}");
        }
    }

    private static async Task SendAsync(Stream stream, string command, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one (possibly multi-line) SMTP reply, at most 64 KiB, and checks its code.</summary>
    private static async Task<string> ExpectAsync(Stream stream, string code, CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        var line = new StringBuilder();
        var one = new byte[1];
        while (reply.Length < 65536)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new IOException("the server closed the connection");
            }

            if (one[0] != '\n')
            {
                line.Append((char)one[0]);
                continue;
            }

            var text = line.ToString().TrimEnd('\r');
            reply.AppendLine(text);
            line.Clear();
            if (text.Length < 4 || text[3] != '-')
            {
                return text.StartsWith(code, StringComparison.Ordinal) ? reply.ToString() : throw new InvalidDataException($"expected {code}, got '{text}'");
            }
        }

        throw new InvalidDataException("the SMTP reply is too long");
    }
}
