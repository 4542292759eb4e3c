using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Mx;

/// <summary>
/// Resolves a domain's MX set with DnsClient at <c>Mx:DnsServer</c> (or the system resolver). The answer is hostile
/// until read: at most <see cref="MaxHosts"/> records are taken, every exchange must be a valid host name, and a
/// resolver failure (SERVFAIL, REFUSED, a timeout) is <see cref="MxLookupStatus.Failed"/>, never an empty set, so a
/// flaky resolver cannot make MX hosts seem to vanish.
/// </summary>
public sealed class MxResolver
{
    /// <summary>MX records taken from one answer; real domains have a handful.</summary>
    public const int MaxHosts = 32;

    private readonly LookupClient client;

    public MxResolver(IOptions<MxOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.Value.Endpoint;
        var settings = endpoint is null ? new LookupClientOptions() : new LookupClientOptions(endpoint);
        settings.Timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        settings.Retries = 1;
        settings.UseCache = false;
        settings.ThrowDnsErrors = false;
        client = new LookupClient(settings);
    }

    public async Task<MxLookup> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        IDnsQueryResponse answer;
        try
        {
            answer = await client.QueryAsync(domain, QueryType.MX, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new MxLookup(MxLookupStatus.Failed, [], $"the MX query for {domain} failed: {e.Message}");
        }

        var code = answer.Header.ResponseCode;
        if (code == DnsHeaderResponseCode.NotExistentDomain)
        {
            return new MxLookup(MxLookupStatus.NoDomain, [], $"{domain} does not exist (NXDOMAIN)");
        }

        if (code != DnsHeaderResponseCode.NoError)
        {
            return new MxLookup(MxLookupStatus.Failed, [], $"the resolver answered {code} for the MX query of {domain}");
        }

        var records = answer.Answers.MxRecords().Take(MaxHosts + 1).ToList();
        if (records.Count == 0)
        {
            return new MxLookup(MxLookupStatus.Implicit, [domain]);
        }

        if (records.Count > MaxHosts)
        {
            return new MxLookup(MxLookupStatus.Failed, [], $"{domain} has more than {MaxHosts} MX records; not taken");
        }

        if (records.Count == 1 && records[0].Exchange.Value is "." or "")
        {
            return new MxLookup(MxLookupStatus.NullMx, []);
        }

        var hosts = new List<string>();
        foreach (var record in records.OrderBy(r => r.Preference))
        {
            if (!DomainName.TryNormalize(record.Exchange.Value.TrimEnd('.'), out var host, out var problem))
            {
                return new MxLookup(MxLookupStatus.Failed, [], $"{domain} has an MX record that is not a host name ({DomainName.Printable(record.Exchange.Value)}: {problem})");
            }

            if (!hosts.Contains(host))
            {
                hosts.Add(host);
            }
        }

        return new MxLookup(MxLookupStatus.Found, hosts);
    }
}
