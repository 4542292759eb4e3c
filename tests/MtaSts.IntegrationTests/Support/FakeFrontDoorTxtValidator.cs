using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// Looks for Front Door's validation TXT record, <c>_dnsauth.{hostName}</c>, through one DNS server. The server may be
/// authoritative with recursion off (BIND in the tests), so CNAMEs are followed here by asking again for the target,
/// at most <see cref="MaxHops"/> times.
/// </summary>
internal sealed class FakeFrontDoorTxtValidator(IPEndPoint server)
{
    public const int MaxHops = 8;

    private readonly LookupClient client = new(new LookupClientOptions(server)
    {
        UseCache = false,
        Timeout = TimeSpan.FromSeconds(2),
        Retries = 0,
        ThrowDnsErrors = false,
        UseTcpFallback = true,
    });

    public async Task<bool> HasTokenAsync(string hostName, string token)
    {
        var name = Absolute("_dnsauth." + hostName);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name };
        for (var hop = 0; hop <= MaxHops; hop++)
        {
            IDnsQueryResponse response;
            try
            {
                response = await client.QueryAsync(name, QueryType.TXT);
            }
            catch (DnsResponseException)
            {
                return false;
            }

            // The server may have followed part of the chain itself; walk what it answered before asking again.
            var current = name;
            while (true)
            {
                var texts = response.Answers.TxtRecords().Where(r => Same(r.DomainName, current)).ToList();
                if (texts.Count > 0)
                {
                    return texts.Any(r => string.Concat(r.Text) == token);
                }

                var cname = response.Answers.CnameRecords().FirstOrDefault(r => Same(r.DomainName, current));
                if (cname is null)
                {
                    break;
                }

                current = Absolute(cname.CanonicalName.Value);
                if (!seen.Add(current))
                {
                    return false;
                }
            }

            if (current == name)
            {
                return false;
            }

            name = current;
        }

        return false;
    }

    private static bool Same(DnsString owner, string name) => string.Equals(Absolute(owner.Value), name, StringComparison.OrdinalIgnoreCase);

    private static string Absolute(string name) => name.EndsWith('.') ? name : name + ".";
}
