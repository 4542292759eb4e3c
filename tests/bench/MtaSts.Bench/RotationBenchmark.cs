using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.Core.Serving;
using MtaSts.Core.Storage;
using MtaSts.Core.Tenants;

namespace MtaSts.Bench;

/// <summary>One RotatePolicyIds run over 10,000 tenants with 10 pending, against a real RFC 2136 server (BIND); time, DNS and Table operations.</summary>
public static class RotationBenchmark
{
    private const int Tenants = 10_000;
    private const int Pending = 10;

    public static async Task<int> RunAsync(string connection, string dnsServer, string keyName, string secret)
    {
        var table = "rotbench" + Guid.NewGuid().ToString("N")[..8];
        var seedStore = new TableTenantStore(new TableServiceClient(connection), table);
        await new TableServiceClient(connection).CreateTableIfNotExistsAsync(table);
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, Tenants), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var tenant = Seeding.Tenant(i, now);
            await seedStore.AddAsync(i % (Tenants / Pending) == 0 ? tenant : tenant with { PublishedId = "20261129000000", PublishedVersion = tenant.PolicyVersion, PublishedAt = now, LastVerifiedAt = now.AddMinutes(-i) }, ct);
        });

        var tableCalls = new CountingPolicy();
        var tableOptions = StorageClients.TableOptions();
        tableOptions.AddPolicy(tableCalls, HttpPipelinePosition.PerCall);
        var store = new TableTenantStore(new TableServiceClient(connection, tableOptions), table);
        var dns = Options.Create(new DnsOptions
        {
            Provider = DnsProviderKind.Rfc2136,
            DelegationZone = "bench.test",
            Rfc2136 = new Rfc2136Options { Server = dnsServer, TsigKeyName = keyName, TsigSecret = secret },
        });
        var publisher = new CountingPublisher(new Rfc2136TxtRecordPublisher(dns, TimeProvider.System, NullLogger<Rfc2136TxtRecordPublisher>.Instance));
        var rotation = Options.Create(new RotationOptions());
        var rotator = new PolicyIdRotator(store, publisher, TimeProvider.System, new RotationWindow(Options.Create(new PolicyOptions()), rotation), rotation, dns, NullLogger<PolicyIdRotator>.Instance);

        var watch = Stopwatch.StartNew();
        var summary = await rotator.RunAsync(default);
        watch.Stop();
        Console.WriteLine($"ROTATION {summary.Scanned} tenants, {summary.Published} published, {summary.Verified} verified ({summary.Repaired} repaired) in {watch.Elapsed.TotalSeconds:F2} s; DNS operations {publisher.Reads} reads + {publisher.Writes} writes; Table requests {tableCalls.Count}");
        return summary.Published == Pending ? 0 : 1;
    }

    private sealed class CountingPolicy : HttpPipelinePolicy
    {
        public int Count;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Interlocked.Increment(ref Count);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Interlocked.Increment(ref Count);
            return ProcessNextAsync(message, pipeline);
        }
    }

    private sealed class CountingPublisher(ITxtRecordPublisher inner) : ITxtRecordPublisher
    {
        public int Reads;
        public int Writes;

        public string Name => inner.Name;

        public TimeSpan RecordTtl => inner.RecordTtl;

        public Task<TxtRecordSet> ReadAsync(DnsRecordName record, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Reads);
            return inner.ReadAsync(record, cancellationToken);
        }

        public Task ReplaceStsRecordAsync(DnsRecordName record, string stsRecord, TxtRecordSet current, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Writes);
            return inner.ReplaceStsRecordAsync(record, stsRecord, current, cancellationToken);
        }

        public Task ReplaceTextAsync(DnsRecordName record, string? text, TxtRecordSet current, CancellationToken cancellationToken) =>
            inner.ReplaceTextAsync(record, text, current, cancellationToken);

        public Task DeleteStsRecordsAsync(DnsRecordName record, TxtRecordSet current, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Writes);
            return inner.DeleteStsRecordsAsync(record, current, cancellationToken);
        }
    }
}
