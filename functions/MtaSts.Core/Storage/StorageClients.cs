using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace MtaSts.Core.Storage;

/// <summary>
/// Builds storage clients from the one connection named <c>Storage</c>, the way Azure Functions reads connections:
/// a connection string locally (<c>Storage=UseDevelopmentStorage=true</c> for Azurite), or identity-based in Azure
/// (<c>Storage__tableServiceUri</c>, <c>Storage__blobServiceUri</c>, <c>Storage__credential=managedidentity</c>,
/// <c>Storage__clientId</c> for a user-assigned identity).
/// </summary>
public static class StorageClients
{
    public const string ConnectionName = "Storage";

    /// <summary>Serving must fail over to its cached copy quickly, so storage calls get short timeouts and few retries.</summary>
    public static TableClientOptions TableOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    public static TableServiceClient CreateTableServiceClient(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new TableServiceClient(section.Value, TableOptions());
        }

        var uri = section["tableServiceUri"];
        if (string.IsNullOrWhiteSpace(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException(
                "The Storage connection is not configured: set Storage to a connection string (UseDevelopmentStorage=true for Azurite) " +
                "or Storage__tableServiceUri to https://<account>.table.core.windows.net with Storage__credential=managedidentity.");
        }

        return new TableServiceClient(endpoint, Credential(section), TableOptions());
    }

    public static BlobServiceClient CreateBlobServiceClient(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new BlobServiceClient(section.Value);
        }

        var uri = section["blobServiceUri"];
        if (string.IsNullOrWhiteSpace(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException(
                "The Storage connection is not configured: set Storage to a connection string (UseDevelopmentStorage=true for Azurite) " +
                "or Storage__blobServiceUri to https://<account>.blob.core.windows.net with Storage__credential=managedidentity.");
        }

        return new BlobServiceClient(endpoint, Credential(section));
    }

    /// <summary>The identity for identity-based connections: the user-assigned managed identity when a client id is set.</summary>
    public static TokenCredential Credential(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId });
    }
}
