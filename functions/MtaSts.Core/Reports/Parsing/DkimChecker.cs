using System.Net;
using DnsClient;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace MtaSts.Core.Reports;

/// <summary>
/// Verifies the DKIM signatures (RFC 6376) of an e-mailed report with MimeKit's verifier; keys are looked up with
/// DnsClient at the system resolver or <c>Reports:DkimDnsServer</c>. One passing signature is enough; at most
/// <see cref="MaxSignatures"/> are tried (each costs a DNS lookup). When no signature passes and a key lookup failed
/// temporarily, or all lookups together took longer than <c>Reports:DkimDeadlineSeconds</c>, the verdict is
/// <c>temperror</c> (RFC 6376 §6.1.2), not <c>fail</c>.
/// </summary>
public sealed class DkimChecker
{
    public const int MaxSignatures = 5;

    private readonly ILookupClient lookup;
    private readonly TimeSpan deadline;

    public DkimChecker(IOptions<ReportOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = options.Value.DkimDnsServer;
        deadline = TimeSpan.FromSeconds(Math.Max(1, options.Value.DkimDeadlineSeconds));
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

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(deadline);
        var keys = new DnsDkimKeyLocator(lookup);
        var verifier = new DkimVerifier(keys);
        string? detail = null;
        string? temporary = null;
        string? failedDomain = null;
        string? temporaryDomain = null;
        foreach (var signature in signatures.Take(MaxSignatures))
        {
            keys.LastDomain = null;
            try
            {
                if (await verifier.VerifyAsync(message, signature, timer.Token).ConfigureAwait(false) && keys.LastDomain is { } signer)
                {
                    // The domain whose key verified the signature, exactly as the verifier read d=; never re-parsed.
                    return new DkimVerdict("pass", signer, null);
                }

                detail = "the signature does not match the message";
                failedDomain ??= keys.LastDomain ?? ClaimedDomain(signature);
            }
            catch (Exception e) when (e is DkimTemporaryException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                temporaryDomain ??= keys.LastDomain;
                if (timer.IsCancellationRequested)
                {
                    // DnsClient reports the cancelled lookup as a failed one; either way the deadline has passed.
                    temporary = $"the DKIM key lookups took longer than {deadline.TotalSeconds:0} seconds (Reports:DkimDeadlineSeconds)";
                    break;
                }

                temporary = e.Message;
            }
            catch (Exception e) when (e is not OperationCanceledException && timer.IsCancellationRequested)
            {
                temporaryDomain ??= keys.LastDomain;
                temporary = $"the DKIM key lookups took longer than {deadline.TotalSeconds:0} seconds (Reports:DkimDeadlineSeconds): {e.Message}";
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                detail = e.Message;
                failedDomain ??= keys.LastDomain ?? ClaimedDomain(signature);
            }
        }

        cancellationToken.ThrowIfCancellationRequested(); // a lookup cut short by shutdown proves nothing
        return temporary is not null
            ? new DkimVerdict("temperror", temporaryDomain, temporary)
            : new DkimVerdict("fail", failedDomain, detail);
    }

    /// <summary>
    /// The <c>d=</c> a signature claims (RFC 6376 §3.2 tag-list: whitespace inside a value is dropped, as the verifier
    /// does), shown with a failed verdict only; a claim never counts as authentication.
    /// </summary>
    private static string? ClaimedDomain(Header signature)
    {
        foreach (var tag in signature.Value.Split(';'))
        {
            var equals = tag.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && tag[..equals].Trim() == "d")
            {
                var value = string.Concat(tag[(equals + 1)..].Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
                return value.Length is > 0 and <= 253 ? value : null;
            }
        }

        return null;
    }
}
