using Azure.Core;

namespace MtaSts.Core.Dns;

/// <summary>Pipeline options of the Azure DNS client: Azure.Core retries 429 and 5xx, honouring <c>Retry-After</c>.</summary>
public sealed class AzureDnsClientOptions : ClientOptions
{
    public AzureDnsClientOptions()
    {
        Retry.MaxRetries = 4;
        Retry.Mode = RetryMode.Exponential;
        Retry.Delay = TimeSpan.FromSeconds(1);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }
}
