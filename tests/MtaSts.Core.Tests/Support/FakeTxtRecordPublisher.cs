using System.Collections.Concurrent;
using System.Globalization;
using MtaSts.Core.Dns;

namespace MtaSts.Core.Tests.Support;

/// <summary>An in-memory DNS with version checks, call counters and fault hooks, for rotation tests.</summary>
public sealed class FakeTxtRecordPublisher : ITxtRecordPublisher
{
    private readonly ConcurrentDictionary<string, TxtRecordSet> zone = new(StringComparer.Ordinal);
    private int version;

    public int Reads;
    public int Writes;

    public string Name => "Fake";

    public TimeSpan RecordTtl => TimeSpan.FromSeconds(300);

    /// <summary>Throw from this to fail a call for a name.</summary>
    public Action<DnsRecordName>? BeforeCall { get; set; }

    /// <summary>Runs after a successful write (to simulate an admin change during a rotation).</summary>
    public Action<DnsRecordName>? AfterWrite { get; set; }

    public IReadOnlyList<string> Records(string name) => zone.TryGetValue(name, out var set) ? set.Records : [];

    public void Set(string name, params string[] records) =>
        zone[name] = new TxtRecordSet(records, Interlocked.Increment(ref version).ToString(CultureInfo.InvariantCulture));

    public Task<TxtRecordSet> ReadAsync(DnsRecordName record, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Reads);
        BeforeCall?.Invoke(record);
        return Task.FromResult(zone.GetValueOrDefault(record.Name, TxtRecordSet.Empty));
    }

    public Task ReplaceStsRecordAsync(DnsRecordName record, string stsRecord, TxtRecordSet current, CancellationToken cancellationToken) =>
        WriteAsync(record, current, current.WithStsRecord(stsRecord));

    public Task DeleteStsRecordsAsync(DnsRecordName record, TxtRecordSet current, CancellationToken cancellationToken) =>
        WriteAsync(record, current, current.WithStsRecord(null));

    public Task ReplaceTextAsync(DnsRecordName record, string? text, TxtRecordSet current, CancellationToken cancellationToken) =>
        WriteAsync(record, current, text is null ? [] : [text]);

    private Task WriteAsync(DnsRecordName record, TxtRecordSet current, IReadOnlyList<string> records)
    {
        Interlocked.Increment(ref Writes);
        BeforeCall?.Invoke(record);
        lock (zone)
        {
            var now = zone.GetValueOrDefault(record.Name, TxtRecordSet.Empty);
            if (now.Version != current.Version)
            {
                throw new DnsConflictException("changed");
            }

            Set(record.Name, [.. records]);
        }

        AfterWrite?.Invoke(record);
        return Task.CompletedTask;
    }
}
