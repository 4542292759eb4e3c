namespace MtaSts.Core.Reports;

/// <summary>
/// The organization a DKIM signing domain belongs to, for the per-signer quota. RFC 7489 §3.2 defines the
/// organizational domain with a public suffix list, which this service does not carry; this approximates it: the last
/// two labels, or three when the top-level domain is a two-letter country code and the second level a common generic
/// one (<c>co.uk</c>, <c>com.au</c>, <c>ne.jp</c>). Its errors go one way: names under a suffix it does not know (a
/// dynamic-DNS or hosting suffix) share one organization, so subdomains never multiply anyone's room.
/// </summary>
public static class OrganizationalDomain
{
    private static readonly HashSet<string> GenericSecondLevels = new(StringComparer.Ordinal)
    {
        "ac", "co", "com", "edu", "gob", "go", "gov", "gv", "ltd", "mil", "ne", "net", "nhs", "nic", "nom", "or", "org", "plc", "sch",
    };

    public static string Of(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var labels = domain.TrimEnd('.').ToLowerInvariant().Split('.');
        var take = labels.Length >= 3 && labels[^1].Length == 2 && GenericSecondLevels.Contains(labels[^2]) ? 3 : 2;
        return string.Join('.', labels[Math.Max(0, labels.Length - take)..]);
    }
}
