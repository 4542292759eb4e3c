using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace MtaSts.Core.Checks;

/// <summary>The DNS questions a sending MTA asks, with DnsClient, at a chosen resolver, following CNAMEs by hand (at most 8).</summary>
public sealed class DnsLookup
{
    private const int MaxCnames = 8;
    private readonly LookupClient client;

    public DnsLookup(IPEndPoint? server, TimeSpan timeout)
    {
        var options = server is null ? new LookupClientOptions() : new LookupClientOptions(server);
        options.Timeout = timeout;
        options.Retries = 1;
        options.UseCache = false;
        options.ThrowDnsErrors = false;
        client = new LookupClient(options);
    }

    /// <summary>
    /// The TXT strings (each record's strings joined) at the name, and the CNAMEs followed to get there. With
    /// <paramref name="failOnServerError"/>, an answer other than NOERROR or NXDOMAIN (SERVFAIL, REFUSED) throws
    /// <see cref="DnsResponseException"/> instead of reading as "no record".
    /// </summary>
    public async Task<(IReadOnlyList<string> Records, IReadOnlyList<string> Cnames)> TxtAsync(string name, CancellationToken cancellationToken, bool failOnServerError = false)
    {
        var cnames = new List<string>();
        var current = name;
        for (var hop = 0; hop <= MaxCnames; hop++)
        {
            var answer = await QueryAsync(current, QueryType.TXT, cancellationToken).ConfigureAwait(false);
            if (failOnServerError && answer.Header.ResponseCode is not (DnsHeaderResponseCode.NoError or DnsHeaderResponseCode.NotExistentDomain))
            {
                throw new DnsResponseException((DnsResponseCode)answer.Header.ResponseCode, $"the resolver answered {answer.Header.ResponseCode} for TXT {current}");
            }

            var txt = answer.Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToArray();
            if (txt.Length > 0)
            {
                return (txt, cnames);
            }

            var cname = answer.Answers.CnameRecords().LastOrDefault()?.CanonicalName.Value.TrimEnd('.');
            if (cname is null || cnames.Contains(cname))
            {
                return ([], cnames);
            }

            cnames.Add(cname);
            current = cname;
        }

        return ([], cnames);
    }

    /// <summary>The CNAME target of the name, or null.</summary>
    public async Task<string?> CnameAsync(string name, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(name, QueryType.CNAME, cancellationToken).ConfigureAwait(false);
        return answer.Answers.CnameRecords().FirstOrDefault()?.CanonicalName.Value.TrimEnd('.').ToLowerInvariant();
    }

    public async Task<IReadOnlyList<string>> MxAsync(string domain, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(domain, QueryType.MX, cancellationToken).ConfigureAwait(false);
        return answer.Answers.MxRecords().OrderBy(r => r.Preference).Select(r => r.Exchange.Value.TrimEnd('.')).ToArray();
    }

    public async Task<IReadOnlyList<IPAddress>> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = new List<IPAddress>();
        foreach (var type in new[] { QueryType.A, QueryType.AAAA })
        {
            var answer = await QueryAsync(host, type, cancellationToken).ConfigureAwait(false);
            addresses.AddRange(answer.Answers.OfType<AddressRecord>().Select(r => r.Address));
        }

        return addresses;
    }

    /// <summary>
    /// DnsClient reports a cancelled query as a <see cref="DnsResponseException"/> ("timed out"); it is reported as
    /// cancelled here, so that a caller's deadline is not mistaken for a failing resolver.
    /// </summary>
    private async Task<IDnsQueryResponse> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        try
        {
            return await client.QueryAsync(name, type, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DnsResponseException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"the {type} query for {name} was cancelled", e, cancellationToken);
        }
    }
}
