using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ArDomainName = ARSoft.Tools.Net.DomainName;

namespace MtaSts.Core.Dns;

/// <summary>
/// <c>Dns:Provider=Rfc2136</c>: DNS UPDATE (RFC 2136) signed with TSIG (RFC 8945), for BIND, Knot, PowerDNS and
/// Windows DNS. Records are read from the same primary over TCP. Each update carries the TXT RRset it was computed
/// from as a value-dependent prerequisite (RFC 2136 §2.4.2), so a concurrent change makes it fail (NXRRSET) instead of
/// being overwritten.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc2136"/>
public sealed class Rfc2136TxtRecordPublisher : ITxtRecordPublisher
{
    /// <summary>TTL of the records we write: short, so a repaired record is seen soon.</summary>
    public const int RecordTtl = 300;

    private readonly Rfc2136Options options;
    private readonly TimeProvider time;
    private readonly ILogger<Rfc2136TxtRecordPublisher> logger;
    private readonly IPEndPoint server;
    private readonly byte[] key;
    private readonly TSigAlgorithm algorithm;

    public Rfc2136TxtRecordPublisher(IOptions<DnsOptions> dns, TimeProvider time, ILogger<Rfc2136TxtRecordPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(dns);
        options = dns.Value.Rfc2136;
        this.time = time;
        this.logger = logger;
        if (!Rfc2136Options.TryParseServer(options.Server, out server) || !Rfc2136Options.TryDecodeSecret(options.TsigSecret, out key)
            || TsigAlgorithms.Parse(options.TsigAlgorithm) is not { } parsed)
        {
            throw new InvalidOperationException(string.Join("; ", options.Validate()));
        }

        algorithm = parsed;
    }

    public string Name => "Rfc2136";

    TimeSpan ITxtRecordPublisher.RecordTtl => TimeSpan.FromSeconds(RecordTtl);

    public async Task<TxtRecordSet> ReadAsync(DnsRecordName record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var client = Client();
        var message = new DnsMessage { IsRecursionDesired = false };
        message.Questions.Add(new DnsQuestion(ArDomainName.Parse(record.Name), RecordType.Txt, RecordClass.INet));
        var answer = await SendAsync(() => client.SendMessageAsync(message, cancellationToken), "read TXT " + record.Name).ConfigureAwait(false);
        if (answer.ReturnCode is not (ReturnCode.NoError or ReturnCode.NxDomain))
        {
            throw new DnsPublishException($"{server} answered {answer.ReturnCode} when asked for the TXT records of {record.Name}; is it authoritative for {record.Zone}?");
        }

        var parts = answer.AnswerRecords.OfType<TxtRecord>()
            .Where(r => r.Name.Equals(ArDomainName.Parse(record.Name)))
            .Select(r => (IReadOnlyList<string>)r.TextParts.ToArray())
            .ToArray();
        return new TxtRecordSet(parts.Select(p => string.Concat(p)).ToArray(), Strings: parts);
    }

    public Task ReplaceStsRecordAsync(DnsRecordName record, string stsRecord, TxtRecordSet current, CancellationToken cancellationToken) =>
        UpdateAsync(record, stsRecord, TxtRecordSet.IsStsString, current, cancellationToken);

    public Task DeleteStsRecordsAsync(DnsRecordName record, TxtRecordSet current, CancellationToken cancellationToken) =>
        UpdateAsync(record, null, TxtRecordSet.IsStsString, current, cancellationToken);

    public Task ReplaceTextAsync(DnsRecordName record, string? text, TxtRecordSet current, CancellationToken cancellationToken) =>
        UpdateAsync(record, text, _ => true, current, cancellationToken);

    /// <summary>One conditional update: the records read as prerequisites, those <paramref name="replaces"/> picks deleted, <paramref name="added"/> added.</summary>
    private async Task UpdateAsync(DnsRecordName record, string? added, Func<string, bool> replaces, TxtRecordSet current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(current);
        var name = ArDomainName.Parse(record.Name);
        var update = new DnsUpdateMessage { ZoneName = ArDomainName.Parse(record.Zone) };
        if (current.Records.Count == 0)
        {
            update.Prequisites.Add(new RecordNotExistsPrequisite(name, RecordType.Txt));
        }

        for (var i = 0; i < current.Records.Count; i++)
        {
            var existing = current.Records[i];

            // The prerequisite must carry the character-strings as read: "v=STSv1;" "id=1" is another RDATA than
            // "v=STSv1;id=1", and rebuilding it from the joined text would make every update conflict.
            var txt = new TxtRecord(name, 0, current.StringsOf(i).ToArray());
            update.Prequisites.Add(new RecordExistsValueDependantPrequisite(txt));
            if (replaces(existing))
            {
                update.Updates.Add(new DeleteRecordUpdate(txt));
            }
        }

        if (added is not null)
        {
            update.Updates.Add(new AddRecordUpdate(new TxtRecord(name, RecordTtl, TxtRecordSet.Split(added).ToArray())));
        }

        update.TSigOptions = new TSigRecord(ArDomainName.Parse(options.TsigKeyName!), algorithm, time.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(5), update.TransactionID, ReturnCode.NoError, null, key);
        var client = Client();
        var response = await SendAsync(() => client.SendUpdateAsync(update, cancellationToken), "update " + record.Name).ConfigureAwait(false);
        switch (response.ReturnCode)
        {
            case ReturnCode.NoError:
                logger.LogInformation("RFC 2136 update of {Name} at {Server}: {Change}", record.Name, server, added ?? "records removed");
                return;
            case ReturnCode.NXRRSet or ReturnCode.YXRRSet or ReturnCode.NxDomain or ReturnCode.YXDomain:
                throw new DnsConflictException($"the TXT records of {record.Name} changed since they were read ({response.ReturnCode})");
            case ReturnCode.NotAuthoritive when response.TSigOptions?.Error is not (ReturnCode.BadSig or ReturnCode.BadKey or ReturnCode.BadTime):
                throw new DnsPublishException($"{server} is not authoritative for zone {record.Zone} (NOTAUTH): check that the zone is hosted there");
            case ReturnCode.NotAuthoritive or ReturnCode.BadSig or ReturnCode.BadKey or ReturnCode.BadTime:
                throw new DnsPublishException($"{server} refused the TSIG key '{options.TsigKeyName}' ({response.ReturnCode}, TSIG {response.TSigOptions?.Error}): check Dns:Rfc2136:TsigKeyName, TsigAlgorithm and TsigSecret, and that the server's clock is right");
            case ReturnCode.Refused:
                throw new DnsPublishException($"{server} refused the update of {record.Name}: allow key '{options.TsigKeyName}' to update zone {record.Zone} (BIND: update-policy or allow-update)");
            case ReturnCode.NotZone:
                throw new DnsPublishException($"{record.Name} is not in zone {record.Zone} at {server} (NOTZONE)");
            default:
                throw new DnsPublishException($"{server} answered {response.ReturnCode} to the update of {record.Name}");
        }
    }

    private ARSoft.Tools.Net.Dns.DnsClient Client() =>
        new([server.Address], [new TcpClientTransport(server.Port)], false, options.TimeoutSeconds * 1000);

    private async Task<T> SendAsync<T>(Func<Task<T?>> send, string what)
        where T : DnsMessageBase
    {
        try
        {
            return await send().ConfigureAwait(false)
                ?? throw new DnsPublishException($"no answer from {server} to {what} within {options.TimeoutSeconds} s: is Dns:Rfc2136:Server right and the server up?");
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            throw new DnsPublishException($"{server} could not be reached to {what}: {e.Message}", e);
        }
    }
}
