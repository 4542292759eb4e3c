namespace MtaSts.Core.FrontDoor;

/// <summary>
/// Settings under <c>FrontDoor</c> (contracts): where the Front Door profiles are, and the shards tenants are placed on.
/// Empty <see cref="Shards"/> turns custom-domain onboarding off (the DevHost default). The identity is
/// <c>DefaultAzureCredential</c>, as for Azure DNS.
/// </summary>
public sealed class FrontDoorOptions
{
    public const string Section = "FrontDoor";
    public const string PublicCloudEndpoint = "https://management.azure.com";

    /// <summary><c>FrontDoor:Endpoint</c>: the ARM base URL; another cloud, or a test server.</summary>
    public string Endpoint { get; set; } = PublicCloudEndpoint;

    public string? SubscriptionId { get; set; }

    public string? ResourceGroup { get; set; }

    public List<FrontDoorShard> Shards { get; set; } = [];

    /// <summary>
    /// <c>FrontDoor:DelegateValidation</c>: with <c>Dns:DelegationZone</c> set, ask the customer for a one-time CNAME
    /// <c>_dnsauth.mta-sts.&lt;domain&gt;</c> → <c>&lt;domain&gt;.dnsauth.&lt;zone&gt;</c> where we keep the validation
    /// token; otherwise the token is a record the customer copies (and copies again when it is refreshed).
    /// </summary>
    public bool DelegateValidation { get; set; }

    /// <summary><c>FrontDoor:BatchSize</c>: tenants worked on per <c>SyncCustomDomains</c> run.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary><c>FrontDoor:RecheckHours</c>: how often a live custom domain is looked at again (revalidation, certificate, route).</summary>
    public int RecheckHours { get; set; } = 12;

    /// <summary><c>FrontDoor:MaxBackoffMinutes</c>: the longest wait after repeated failures of one tenant.</summary>
    public int MaxBackoffMinutes { get; set; } = 360;

    public bool Enabled => Shards.Count > 0;

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Guid.TryParse(SubscriptionId, out _))
        {
            yield return $"FrontDoor:SubscriptionId must be the subscription id (a GUID) of the Front Door profiles (it is '{SubscriptionId}')";
        }

        if (string.IsNullOrWhiteSpace(ResourceGroup) || ResourceGroup.Length > 90 || ResourceGroup.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '(' or ')')))
        {
            yield return $"FrontDoor:ResourceGroup must be the resource group of the Front Door profiles (it is '{ResourceGroup}')";
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            yield return $"FrontDoor:Endpoint must be an https URL (it is '{Endpoint}')";
        }

        for (var i = 0; i < Shards.Count; i++)
        {
            foreach (var problem in Shards[i].Validate(i))
            {
                yield return problem;
            }
        }

        if (Shards.GroupBy(s => s.Key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            yield return $"FrontDoor:Shards names profile '{twice.Key}' twice: each shard is its own profile";
        }

        if (BatchSize is < 1 or > 1000)
        {
            yield return $"FrontDoor:BatchSize must be 1 to 1000 (it is {BatchSize})";
        }

        if (RecheckHours is < 1 or > 168)
        {
            yield return $"FrontDoor:RecheckHours must be 1 to 168 (it is {RecheckHours})";
        }

        if (MaxBackoffMinutes is < 1 or > 10080)
        {
            yield return $"FrontDoor:MaxBackoffMinutes must be 1 to 10080 (it is {MaxBackoffMinutes})";
        }
    }

    public FrontDoorShard? Shard(string? key) => key is null ? null : Shards.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
}
