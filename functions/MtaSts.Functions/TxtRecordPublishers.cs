using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;

namespace MtaSts.Functions;

/// <summary>Chooses the <see cref="ITxtRecordPublisher"/> named by <c>Dns:Provider</c>.</summary>
public static class TxtRecordPublishers
{
    public static ITxtRecordPublisher Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var dns = services.GetRequiredService<IOptions<DnsOptions>>();
        return dns.Value.Provider switch
        {
            DnsProviderKind.Rfc2136 => ActivatorUtilities.CreateInstance<Rfc2136TxtRecordPublisher>(services),
            DnsProviderKind.AzureDns => ActivatorUtilities.CreateInstance<AzureDnsTxtRecordPublisher>(services, new DefaultAzureCredential(), new AzureDnsClientOptions()),
            _ => ActivatorUtilities.CreateInstance<NoneTxtRecordPublisher>(services),
        };
    }
}
