using ARSoft.Tools.Net.Dns;

namespace MtaSts.Core.Dns;

/// <summary>TSIG algorithm names (RFC 8945 §6) as BIND writes them, mapped to ARSoft's enum.</summary>
public static class TsigAlgorithms
{
    private static readonly Dictionary<string, TSigAlgorithm> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hmac-sha256"] = TSigAlgorithm.Sha256,
        ["hmac-sha384"] = TSigAlgorithm.Sha384,
        ["hmac-sha512"] = TSigAlgorithm.Sha512,
        ["hmac-sha224"] = TSigAlgorithm.Sha224,
        ["hmac-sha1"] = TSigAlgorithm.Sha1,
        ["hmac-md5"] = TSigAlgorithm.Md5,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static TSigAlgorithm? Parse(string? name) =>
        name is not null && ByName.TryGetValue(name.Trim().TrimEnd('.').Replace(".sig-alg.reg.int", string.Empty, StringComparison.OrdinalIgnoreCase), out var algorithm) ? algorithm : null;
}
