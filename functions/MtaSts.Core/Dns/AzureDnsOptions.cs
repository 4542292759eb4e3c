namespace MtaSts.Core.Dns;

/// <summary>
/// Settings under <c>Dns:AzureDns</c>: where the DNS zones live. The identity is <c>DefaultAzureCredential</c>
/// (the app's managed identity in Azure; <c>AZURE_CLIENT_ID</c> selects a user-assigned one).
/// </summary>
public sealed class AzureDnsOptions
{
    public const string PublicCloudEndpoint = "https://management.azure.com";

    public string? SubscriptionId { get; set; }

    public string? ResourceGroup { get; set; }

    /// <summary><c>Dns:AzureDns:Endpoint</c>: the ARM endpoint; another cloud, or a test server.</summary>
    public string Endpoint { get; set; } = PublicCloudEndpoint;

    public IEnumerable<string> Validate()
    {
        if (!Guid.TryParse(SubscriptionId, out _))
        {
            yield return $"Dns:AzureDns:SubscriptionId must be the subscription id (a GUID) of the DNS zones (it is '{SubscriptionId}')";
        }

        if (string.IsNullOrWhiteSpace(ResourceGroup) || ResourceGroup.Length > 90 || ResourceGroup.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '(' or ')')))
        {
            yield return $"Dns:AzureDns:ResourceGroup must be the resource group of the DNS zones (it is '{ResourceGroup}')";
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            yield return $"Dns:AzureDns:Endpoint must be an https URL (it is '{Endpoint}')";
        }
    }
}
