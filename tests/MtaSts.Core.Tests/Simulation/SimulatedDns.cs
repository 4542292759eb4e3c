using System.Globalization;
using MtaSts.Core.Dns;

namespace MtaSts.Core.Tests.Simulation;

/// <summary>
/// The authoritative DNS of a scenario: TXT record sets with a version for conditional writes, injectable faults
/// (a read that fails, a write that fails, a write that takes effect but reports an error), and observers that see
/// every change the service makes, so the invariants can be checked at the moment a record changes.
/// </summary>
public sealed class SimulatedDns : ITxtRecordPublisher
{
    private readonly Dictionary<string, TxtRecordSet> zone = new(StringComparer.Ordinal);
    private int version;

    public string Name => "Simulated";

    public TimeSpan RecordTtl => TimeSpan.FromSeconds(SimulationConfig.MaxDnsTtlSeconds);

    /// <summary>Decides whether a call fails: the call kind and the record name in, the error (or null) out.</summary>
    public Func<DnsCall, string, Exception?>? Fault { get; set; }

    /// <summary>Called after the service changed the records at a name: the name, before, after.</summary>
    public Action<string, IReadOnlyList<string>, IReadOnlyList<string>>? Changed { get; set; }

    /// <summary>Called after each successful service write, before it returns (to race an admin change against it).</summary>
    public Action<string>? AfterWrite { get; set; }

    /// <summary>Called before each service read (to run a second rotator while the first is between its list and its read).</summary>
    public Action<string>? BeforeRead { get; set; }

    public IReadOnlyList<string> Records(string name) => zone.TryGetValue(name, out var set) ? set.Records : [];

    /// <summary>A change made by hand, not by the service (no observers).</summary>
    public void Edit(string name, IReadOnlyList<string> records) =>
        zone[name] = new TxtRecordSet(records, (++version).ToString(CultureInfo.InvariantCulture));

    public Task<TxtRecordSet> ReadAsync(DnsRecordName record, CancellationToken cancellationToken)
    {
        BeforeRead?.Invoke(record.Name);
        if (Fault?.Invoke(DnsCall.Read, record.Name) is { } error)
        {
            throw error;
        }

        return Task.FromResult(zone.GetValueOrDefault(record.Name, TxtRecordSet.Empty));
    }

    public Task ReplaceStsRecordAsync(DnsRecordName record, string stsRecord, TxtRecordSet current, CancellationToken cancellationToken) =>
        WriteAsync(record.Name, current, current.WithStsRecord(stsRecord));

    public Task DeleteStsRecordsAsync(DnsRecordName record, TxtRecordSet current, CancellationToken cancellationToken) =>
        WriteAsync(record.Name, current, current.WithStsRecord(null));

    public Task ReplaceTextAsync(DnsRecordName record, string? text, TxtRecordSet current, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the simulation has no Front Door validation records");

    private Task WriteAsync(string name, TxtRecordSet current, IReadOnlyList<string> records)
    {
        if (Fault?.Invoke(DnsCall.Write, name) is { } error)
        {
            throw error;
        }

        var before = zone.GetValueOrDefault(name, TxtRecordSet.Empty);
        if (before.Version != current.Version)
        {
            throw new DnsConflictException($"{name} changed since it was read");
        }

        Edit(name, records);
        Changed?.Invoke(name, before.Records, records);
        if (Fault?.Invoke(DnsCall.WriteApplied, name) is { } late)
        {
            throw late;
        }

        AfterWrite?.Invoke(name);
        return Task.CompletedTask;
    }
}
