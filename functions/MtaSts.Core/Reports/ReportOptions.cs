using System.Net;

namespace MtaSts.Core.Reports;

/// <summary>Settings under <c>Reports</c>.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary><c>Reports:MaxCompressedBytes</c> (default 1 MiB): the largest report body or e-mail accepted.</summary>
    public int MaxCompressedBytes { get; set; } = 1024 * 1024;

    /// <summary><c>Reports:MaxDecompressedBytes</c> (default 20 MiB): the largest JSON a gzip body may expand to.</summary>
    public int MaxDecompressedBytes { get; set; } = 20 * 1024 * 1024;

    public DkimMode Dkim { get; set; } = DkimMode.Record;

    /// <summary><c>Reports:DkimDnsServer</c>: IP[:port] of the resolver for DKIM key lookups; empty for the system's.</summary>
    public string? DkimDnsServer { get; set; }

    public IEnumerable<string> Validate()
    {
        if (MaxCompressedBytes is < 1024 or > 100 * 1024 * 1024)
        {
            yield return $"Reports:MaxCompressedBytes must be between 1024 and 104857600 (it is {MaxCompressedBytes})";
        }

        if (MaxDecompressedBytes < MaxCompressedBytes || MaxDecompressedBytes > 500 * 1024 * 1024)
        {
            yield return $"Reports:MaxDecompressedBytes must be at least Reports:MaxCompressedBytes and at most 524288000 (it is {MaxDecompressedBytes})";
        }

        if (!string.IsNullOrWhiteSpace(DkimDnsServer) && !IPEndPoint.TryParse(DkimDnsServer, out _))
        {
            yield return $"Reports:DkimDnsServer must be an IP address with an optional port (it is '{DkimDnsServer}')";
        }
    }
}
