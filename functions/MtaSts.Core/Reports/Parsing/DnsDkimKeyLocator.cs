using DnsClient;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace MtaSts.Core.Reports;

/// <summary>
/// Finds DKIM public keys in DNS (RFC 6376 §3.6.2.2: TXT at <c>selector._domainkey.domain</c>) with DnsClient. No
/// key (NXDOMAIN, no TXT) is a permanent failure; a DNS failure (timeout, SERVFAIL, REFUSED) is temporary
/// (<see cref="DkimTemporaryException"/>, RFC 6376 §6.1.2). It remembers the domain it was last asked for: that,
/// and not a second reading of the header's <c>d=</c> tag, is the domain a passing signature authenticates.
/// </summary>
public sealed class DnsDkimKeyLocator(ILookupClient dns) : DkimPublicKeyLocatorBase
{
    /// <summary>The signing domain (SDID, RFC 6376 §3.5 <c>d=</c>) of the last key looked up, lowercase, as the verifier read it.</summary>
    public string? LastDomain { get; set; }

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        LastDomain = domain.TrimEnd('.').ToLowerInvariant();
        var name = $"{selector}._domainkey.{domain}";
        IDnsQueryResponse answer;
        try
        {
            answer = await dns.QueryAsync(name, QueryType.TXT, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException e)
        {
            throw new DkimTemporaryException($"the DKIM key at {name} could not be looked up: {e.Message}", e);
        }

        if (answer.HasError && answer.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            throw new DkimTemporaryException($"the DKIM key at {name} could not be looked up ({answer.Header.ResponseCode})");
        }

        var record = answer.Answers.TxtRecords().FirstOrDefault()
            ?? throw new InvalidOperationException($"no DKIM key at {name} ({answer.Header.ResponseCode})");
        return GetPublicKey(string.Concat(record.Text));
    }
}
