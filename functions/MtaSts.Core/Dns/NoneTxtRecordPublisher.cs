using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MtaSts.Core.Dns;

/// <summary>
/// <c>Dns:Provider=None</c>: writes nothing anywhere, logs the record it would publish and remembers it in memory, so
/// that the rotation's read-back and the admin API behave as with a real provider (the DevHost demo default).
/// </summary>
public sealed class NoneTxtRecordPublisher(ILogger<NoneTxtRecordPublisher> logger) : ITxtRecordPublisher
{
    private readonly ConcurrentDictionary<string, TxtRecordSet> records = new(StringComparer.Ordinal);

    public string Name => "None";

    public TimeSpan RecordTtl => TimeSpan.Zero;

    public Task<TxtRecordSet> ReadAsync(DnsRecordName record, CancellationToken cancellationToken) =>
        Task.FromResult(records.GetValueOrDefault(record.Name, TxtRecordSet.Empty));

    public Task ReplaceStsRecordAsync(DnsRecordName record, string stsRecord, TxtRecordSet current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(current);
        logger.LogInformation("Dns:Provider is None; would publish {Name} TXT \"{Record}\" in zone {Zone}", record.Name, stsRecord, record.Zone);
        records[record.Name] = new TxtRecordSet(current.WithStsRecord(stsRecord));
        return Task.CompletedTask;
    }

    public Task ReplaceTextAsync(DnsRecordName record, string? text, TxtRecordSet current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        logger.LogInformation("Dns:Provider is None; would write {Name} TXT \"{Text}\" in zone {Zone}", record.Name, text ?? "(none)", record.Zone);
        records[record.Name] = new TxtRecordSet(text is null ? [] : [text]);
        return Task.CompletedTask;
    }

    public Task DeleteStsRecordsAsync(DnsRecordName record, TxtRecordSet current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(current);
        logger.LogInformation("Dns:Provider is None; would delete the v=STSv1 TXT at {Name}", record.Name);
        records[record.Name] = new TxtRecordSet(current.WithStsRecord(null));
        return Task.CompletedTask;
    }
}
