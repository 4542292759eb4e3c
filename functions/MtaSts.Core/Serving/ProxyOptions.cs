namespace MtaSts.Core.Serving;

/// <summary>
/// Settings under <c>Proxy</c>. <c>X-Forwarded-Host</c> is believed only when <see cref="TrustedFrontDoorId"/>
/// is set and the request's <c>X-Azure-FDID</c> header is one of its ids, which proves it came through our Front Door.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>At most this many profiles (the Bicep's <c>frontDoorProfileCount</c> limit; its access restriction takes them 8 to a rule).</summary>
    public const int MaxProfiles = 16;

    /// <summary>
    /// <c>Proxy:TrustedFrontDoorId</c>: the Front Door profile's id (a GUID), or the ids of every shard's profile
    /// separated by commas; empty when there is none.
    /// </summary>
    public string? TrustedFrontDoorId { get; set; }

    /// <summary>The trusted profile ids, trimmed; empty when none is set.</summary>
    public IReadOnlyList<string> TrustedIds =>
        (TrustedFrontDoorId ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether a request with this <c>X-Azure-FDID</c> came through one of our profiles.</summary>
    public bool Trusts(string? frontDoorId) =>
        frontDoorId is not null && TrustedIds.Contains(frontDoorId.Trim(), StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Validate()
    {
        if (TrustedIds.FirstOrDefault(id => !Guid.TryParse(id, out _)) is { } bad)
        {
            yield return $"Proxy:TrustedFrontDoorId must be the Front Door profile's id, a GUID, or several separated by commas ('{bad}' is not one)";
        }

        if (TrustedIds.Count > MaxProfiles)
        {
            yield return $"Proxy:TrustedFrontDoorId lists {TrustedIds.Count} profile ids; at most {MaxProfiles}";
        }
    }
}
