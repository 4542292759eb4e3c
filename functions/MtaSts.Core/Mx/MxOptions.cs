using System.Net;

namespace MtaSts.Core.Mx;

/// <summary>
/// <c>Mx:</c> settings of the MX watcher (timer <c>WatchMx</c>, <c>%MxWatchSchedule%</c>) and of the live lookups of
/// readiness: the resolver (<see cref="DnsServer"/>, IP[:port]; empty = the system resolver), how many tenants a run
/// checks and how fast.
/// </summary>
public sealed class MxOptions
{
    public const string Section = "Mx";

    /// <summary><c>Mx:DnsServer</c>: IP or IP:port (default port 53); empty for the system resolver.</summary>
    public string? DnsServer { get; set; }

    /// <summary>Tenants checked per run, least recently checked first.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>At most this many MX queries per second.</summary>
    public int QueriesPerSecond { get; set; } = 20;

    /// <summary>A tenant is not checked again sooner than this.</summary>
    public int RecheckMinutes { get; set; } = 60;

    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>MX changes kept per tenant.</summary>
    public int HistoryLength { get; set; } = 20;

    public IPEndPoint? Endpoint => string.IsNullOrWhiteSpace(DnsServer) ? null : Parse(DnsServer);

    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(DnsServer) && Parse(DnsServer) is null)
        {
            yield return $"Mx:DnsServer must be an IP address with an optional port, like 10.0.0.53 or [fd00::53]:5353 (it is '{DnsServer}')";
        }

        foreach (var (name, value, min, max) in new (string, int, int, int)[]
        {
            ("BatchSize", BatchSize, 1, 10_000), ("QueriesPerSecond", QueriesPerSecond, 1, 1000), ("RecheckMinutes", RecheckMinutes, 1, 60 * 24 * 7),
            ("TimeoutSeconds", TimeoutSeconds, 1, 60), ("HistoryLength", HistoryLength, 1, 100),
        })
        {
            if (value < min || value > max)
            {
                yield return $"Mx:{name} must be between {min} and {max} (it is {value})";
            }
        }
    }

    private static IPEndPoint? Parse(string text)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            return new IPEndPoint(address, 53);
        }

        return IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0 ? endpoint : null;
    }
}
