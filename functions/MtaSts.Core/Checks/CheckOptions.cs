using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MtaSts.Core.Checks;

/// <summary>
/// Settings under <c>Checks</c>, for the server-side checks of <c>GET /api/tenants/{domain}/status</c>. Only global
/// unicast addresses are contacted (<see cref="NetworkAddresses"/>) unless <c>Checks:AllowPrivateTargets</c> is true
/// (tests only), so the API cannot be used to probe internal networks; and all the checks of one request together
/// take at most <c>Checks:StatusDeadlineSeconds</c>.
/// </summary>
public sealed class CheckOptions
{
    public const string Section = "Checks";

    /// <summary>Well within the 230 s after which Azure's front end ends an HTTP request to a function app.</summary>
    private const int MaxStatusDeadlineSeconds = 120;

    /// <summary><c>Checks:DnsServer</c>: IP[:port] of the resolver; empty for the system's.</summary>
    public string? DnsServer { get; set; }

    public int HttpsPort { get; set; } = 443;

    /// <summary><c>Checks:CaFile</c>: a PEM file of extra trusted roots (a private PKI, tests).</summary>
    public string? CaFile { get; set; }

    /// <summary><c>Checks:AllowPrivateTargets</c>: contact addresses that are not global unicast too (tests only).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary><c>Checks:TimeoutSeconds</c>: the time limit of each network step.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// <c>Checks:StatusDeadlineSeconds</c>: the time all the checks of one status request may take together; the
    /// endpoint then answers with the checks that finished and reports the others as not finished.
    /// </summary>
    public int StatusDeadlineSeconds { get; set; } = 20;

    public TimeSpan StatusDeadline => TimeSpan.FromSeconds(StatusDeadlineSeconds);

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

        if (StatusDeadlineSeconds is < 1 or > MaxStatusDeadlineSeconds)
        {
            yield return $"Checks:StatusDeadlineSeconds must be between 1 and {MaxStatusDeadlineSeconds} (it is {StatusDeadlineSeconds}): the status endpoint answers after at most this long, and Azure ends HTTP requests after 230 s";
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
