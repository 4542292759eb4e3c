using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MtaSts.Core.Checks;

/// <summary>
/// Settings under <c>Checks</c>, for the server-side checks of <c>GET /api/tenants/{domain}/status</c>. Private,
/// loopback and link-local targets are refused unless <c>Checks:AllowPrivateTargets</c> is true (tests only), so the
/// API cannot be used to probe internal networks.
/// </summary>
public sealed class CheckOptions
{
    public const string Section = "Checks";

    /// <summary><c>Checks:DnsServer</c>: IP[:port] of the resolver; empty for the system's.</summary>
    public string? DnsServer { get; set; }

    public int HttpsPort { get; set; } = 443;

    /// <summary><c>Checks:CaFile</c>: a PEM file of extra trusted roots (a private PKI, tests).</summary>
    public string? CaFile { get; set; }

    public bool AllowPrivateTargets { get; set; }

    public int TimeoutSeconds { get; set; } = 10;

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(DnsServer) && !IPEndPoint.TryParse(DnsServer, out _))
        {
            yield return $"Checks:DnsServer must be an IP address with an optional port (it is '{DnsServer}')";
        }

        if (HttpsPort is < 1 or > 65535)
        {
            yield return $"Checks:HttpsPort must be a port number (it is {HttpsPort})";
        }

        if (!string.IsNullOrWhiteSpace(CaFile) && !File.Exists(CaFile))
        {
            yield return $"Checks:CaFile '{CaFile}' does not exist";
        }

        if (TimeoutSeconds is < 1 or > 60)
        {
            yield return $"Checks:TimeoutSeconds must be between 1 and 60 (it is {TimeoutSeconds})";
        }
    }

    public DomainCheckOptions ToDomainCheckOptions()
    {
        X509Certificate2Collection? roots = null;
        if (!string.IsNullOrWhiteSpace(CaFile))
        {
            roots = [];
            roots.ImportFromPemFile(CaFile);
        }

        IPEndPoint? server = null;
        if (!string.IsNullOrWhiteSpace(DnsServer))
        {
            var parsed = IPEndPoint.Parse(DnsServer);
            server = parsed.Port == 0 ? new IPEndPoint(parsed.Address, 53) : parsed;
        }

        return new DomainCheckOptions
        {
            DnsServer = server,
            TrustedRoots = roots,
            HttpsPort = HttpsPort,
            AllowPrivateTargets = AllowPrivateTargets,
            Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
        };
    }
}
