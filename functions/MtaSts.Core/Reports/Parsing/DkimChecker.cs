using System.Net;
using System.Text.RegularExpressions;
using DnsClient;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace MtaSts.Core.Reports;

/// <summary>
/// Verifies the DKIM signatures (RFC 6376) of an e-mailed report with MimeKit's verifier; keys are looked up with
/// DnsClient at the system resolver or <c>Reports:DkimDnsServer</c>. One passing signature is enough; at most
/// <see cref="MaxSignatures"/> are tried (each costs a DNS lookup). When no signature passes and a key lookup failed
/// temporarily, the verdict is <c>temperror</c> (RFC 6376 §6.1.2), not <c>fail</c>.
/// </summary>
public sealed partial class DkimChecker
{
    public const int MaxSignatures = 5;

    private readonly ILookupClient lookup;

    public DkimChecker(IOptions<ReportOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = options.Value.DkimDnsServer;
        lookup = string.IsNullOrWhiteSpace(server)
            ? new LookupClient(new LookupClientOptions { Timeout = TimeSpan.FromSeconds(5), Retries = 1 })
            : new LookupClient(new LookupClientOptions(IPEndPoint.Parse(server)) { Timeout = TimeSpan.FromSeconds(5), Retries = 1, UseCache = false });
    }

    public async Task<DkimVerdict> VerifyAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var signatures = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).ToList();
        if (signatures.Count == 0)
        {
            return new DkimVerdict("none", null, "the message has no DKIM-Signature");
        }

        var verifier = new DkimVerifier(new DnsDkimKeyLocator(lookup));
        string? detail = null;
        string? temporary = null;
        foreach (var signature in signatures.Take(MaxSignatures))
        {
            try
            {
                if (await verifier.VerifyAsync(message, signature, cancellationToken).ConfigureAwait(false))
                {
                    return new DkimVerdict("pass", SigningDomain(signature), null);
                }

                detail = "the signature does not match the message";
            }
            catch (DkimTemporaryException e)
            {
                temporary = e.Message;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                detail = e.Message;
            }
        }

        return temporary is not null
            ? new DkimVerdict("temperror", SigningDomain(signatures[0]), temporary)
            : new DkimVerdict("fail", SigningDomain(signatures[0]), detail);
    }

    private static string? SigningDomain(Header signature)
    {
        var match = DomainTag().Match(signature.Value);
        return match.Success ? match.Groups[1].Value.Trim().ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"(?:^|;)\s*d\s*=\s*([^;\s]+)")]
    private static partial Regex DomainTag();
}
