using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MtaSts.Core.Checks;

/// <summary>
/// How to check a domain: which resolver, which extra trusted CA (tests, private PKI), which HTTPS and SMTP ports,
/// whether to try STARTTLS on each MX, the time limit of each network step, and whether private, loopback and
/// link-local addresses may be contacted (never for server-side checks, so the API cannot probe internal networks).
/// </summary>
public sealed record DomainCheckOptions
{
    public IPEndPoint? DnsServer { get; init; }

    public X509Certificate2Collection? TrustedRoots { get; init; }

    public int HttpsPort { get; init; } = 443;

    public bool Smtp { get; init; }

    public int SmtpPort { get; init; } = 25;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool AllowPrivateTargets { get; init; } = true;
}
