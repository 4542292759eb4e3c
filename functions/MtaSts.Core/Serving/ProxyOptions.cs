namespace MtaSts.Core.Serving;

/// <summary>
/// Settings under <c>Proxy</c>. <c>X-Forwarded-Host</c> is believed only when <see cref="TrustedFrontDoorId"/>
/// is set and the request's <c>X-Azure-FDID</c> header equals it, which proves it came through our Front Door.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary><c>Proxy:TrustedFrontDoorId</c>: the Front Door profile's id (a GUID), or empty when there is none.</summary>
    public string? TrustedFrontDoorId { get; set; }

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrEmpty(TrustedFrontDoorId) && !Guid.TryParse(TrustedFrontDoorId, out _))
        {
            yield return $"Proxy:TrustedFrontDoorId must be the Front Door profile's id, a GUID (it is '{TrustedFrontDoorId}')";
        }
    }
}
