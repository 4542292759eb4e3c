using System.Security.Cryptography;
using System.Text;

namespace MtaSts.Core.Reports;

/// <summary>
/// The identity of a report, whichever channel it came through (RFC 8460 §4.1: report-id is unique per
/// organization): a hash of organization-name and report-id, safe as part of a Table RowKey.
/// </summary>
public static class ReportKey
{
    public static string For(string organizationName, string reportId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(organizationName + "\n" + reportId)))[..40];
}
