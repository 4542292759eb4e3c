using MtaSts.Core.Policies;

namespace MtaSts.Core.Serving;

/// <summary>
/// Settings under <c>Serving</c>. <c>Serving:PublicHostName</c> is the name customers point
/// <c>mta-sts.&lt;domain&gt;</c> at (our Front Door endpoint or function app host); it also receives TLS reports
/// at <c>https://&lt;name&gt;/tlsrpt</c>.
/// </summary>
public sealed class ServingOptions
{
    public const string Section = "Serving";

    public string? PublicHostName { get; set; }

    public string HostName => DomainName.TryNormalize(PublicHostName, out var name, out _) ? name : string.Empty;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(PublicHostName))
        {
            yield return "Serving:PublicHostName is required: the host name customers CNAME mta-sts.<domain> to (e.g. the Front Door endpoint)";
        }
        else if (!DomainName.TryNormalize(PublicHostName, out _, out var error))
        {
            yield return $"Serving:PublicHostName is not a valid host name: {error}";
        }
    }
}
