using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MtaSts.Core.Checks;

/// <summary>
/// How to check a domain: which resolver, which extra trusted CA (tests, private PKI), which HTTPS and SMTP ports,
/// whether to try STARTTLS on each MX, the time limit of each network step, and whether addresses that are not global
/// unicast may be contacted.
/// </summary>
public sealed record DomainCheckOptions
{
    public IPEndPoint? DnsServer { get; init; }

    public X509Certificate2Collection? TrustedRoots { get; init; }

    public int HttpsPort { get; init; } = 443;

    public bool Smtp { get; init; }

    public int SmtpPort { get; init; } = 25;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether the checks may contact private, loopback, link-local and other addresses that are not global unicast
    /// (<see cref="NetworkAddresses"/>). False by default: a name that resolves to one is reported and not contacted,
    /// so checks of a name someone else controls cannot probe internal networks (SSRF). Only an operator checking a
    /// lab or internal domain (<c>mtasts check --allow-private-targets</c>) or a test sets it.
    /// </summary>
    public bool AllowPrivateTargets { get; init; }
}
