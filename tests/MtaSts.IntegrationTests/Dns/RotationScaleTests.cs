using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Dns;
using MtaSts.Core.Policies;
using MtaSts.Core.Storage;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Dns;

/// <summary>A run over 10,000 tenants with 10 pending touches DNS only for those 10 and the verification batch, and reads tenants a page at a time.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RotationScaleTests(AzuriteFixture azurite)
{
    private const int Tenants = 10_000;
    private const int Pending = 10;
    private const int VerifyBatch = 20;

    [Fact]
    public async Task Ten_thousand_tenants_ten_pending()
    {
        var counter = new RequestCounter();
        var options = StorageClients.TableOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var table = "scale" + Guid.NewGuid().ToString("N")[..12];
        var store = new TableTenantStore(new TableServiceClient(azurite.ConnectionString, options), table);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        await SeedAsync(azurite.ConnectionString, table, time.GetUtcNow());
        var dns = new FakeTxtRecordPublisher();
        var rotator = new PolicyIdRotator(store, dns, time, TestOptions.Window(), TestOptions.Rotation(60, VerifyBatch), TestOptions.Dns(), NullLogger<PolicyIdRotator>.Instance);
        counter.Count = 0;

        var summary = await rotator.RunAsync(default);

        Assert.Equal(Tenants, summary.Scanned);
        Assert.Equal(Pending, summary.Published);
        Assert.Equal(VerifyBatch, summary.Verified);
        Assert.Equal(VerifyBatch, summary.Repaired);
        // DNS: a publication reads, writes, reads back; a repair reads, claims the row, reads again, writes, reads back.
        Assert.Equal((Pending * 2) + (VerifyBatch * 3), dns.Reads);
        Assert.Equal(Pending + VerifyBatch, dns.Writes);
        // Table requests: the pages, and two writes per publication (the intent, then the record) and per repair (the
        // claim, then the result).
        var pages = (Tenants / PolicyIdRotator.PageSize) + 1;
        Assert.InRange(counter.Count, pages + (2 * Pending) + (2 * VerifyBatch) - 1, pages + (2 * Pending) + (2 * VerifyBatch) + 1);
    }

    private static async Task SeedAsync(string connectionString, string table, DateTimeOffset now)
    {
        var client = new TableClient(connectionString, table);
        await client.CreateIfNotExistsAsync();
        var store = new TableTenantStore(new TableServiceClient(connectionString), table);
        await Parallel.ForEachAsync(Enumerable.Range(0, Tenants), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var tenant = new Tenant
            {
                Domain = $"tenant{i:D5}.example",
                Policy = new StsPolicy(PolicyMode.Enforce, [$"mail.tenant{i:D5}.example"], 604800),
                CreatedAt = now.AddDays(-30),
                PolicyChangedAt = now.AddDays(-30),
            };
            if (i % (Tenants / Pending) != 0)
            {
                tenant = tenant with { PublishedId = "20261029120000", PublishedVersion = tenant.PolicyVersion, PublishedAt = now.AddDays(-30), LastVerifiedAt = now.AddMinutes(-i) };
            }

            await store.AddAsync(tenant, ct);
        });
    }

    private sealed class RequestCounter : HttpPipelinePolicy
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
}
