using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Reports;

/// <summary>The inbox against Azurite: a copy made by an attempt that stopped before the delete is recognised, and the sweep re-drives old blobs.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InboxTests(AzuriteFixture azurite)
{
    private readonly InMemoryTenantStore tenants = new();
    private readonly string prefix = "inbox-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(InboxProcessor Processor, InboxSweeper Sweeper, FakeTimeProvider Time)> ServicesAsync(ReportOptions? settings = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await tenants.AddAsync(new Tenant { Domain = "victim.example", Policy = new StsPolicy(PolicyMode.Testing, ["mx.victim.example"], 86400), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default);
        var options = Options.Create(settings ?? new ReportOptions { Dkim = DkimMode.Off, SweepAfterMinutes = 15 });
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, new InMemoryTlsReportStore(), time, options, NullLogger<ReportIngestor>.Instance);
        var processor = new InboxProcessor(azurite.Blobs, ingestor, options, time, NullLogger<InboxProcessor>.Instance);
        return (processor, new InboxSweeper(azurite.Blobs, processor, options, time, NullLogger<InboxSweeper>.Instance), time);
    }

    private static byte[] Report(string id) => ReportTrustRegressionTests.ReportOn(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), "Org", id, 5);

    [Fact]
    public async Task The_copy_an_earlier_attempt_made_before_it_stopped_is_not_made_twice()
    {
        var (processor, _, _) = await ServicesAsync();
        var inbox = azurite.Blobs.GetBlobContainerClient(ReportContainers.Inbox);
        await inbox.CreateIfNotExistsAsync();
        var archive = azurite.Blobs.GetBlobContainerClient(ReportContainers.Archive);
        await archive.CreateIfNotExistsAsync();
        var name = prefix + "-crash.json";
        var uploaded = await inbox.UploadBlobAsync(name, BinaryData.FromBytes(Report("crash")));
        await archive.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(Report("crash")), new BlobUploadOptions { Metadata = new Dictionary<string, string> { [InboxProcessor.SourceETagKey] = uploaded.Value.ETag.ToString() } });

        Assert.Equal(ReportContainers.Archive, await processor.ProcessAsync(name, default));

        var copies = new List<string>();
        await foreach (var blob in archive.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix + "-crash", default))
        {
            copies.Add(blob.Name);
        }

        Assert.Equal([name], copies);
        Assert.False(await inbox.GetBlobClient(name).ExistsAsync());
    }

    [Fact]
    public async Task The_sweep_ingests_old_inbox_blobs_oldest_first_in_a_bounded_batch_and_leaves_new_ones()
    {
        var (_, sweeper, time) = await ServicesAsync(new ReportOptions { Dkim = DkimMode.Off, SweepAfterMinutes = 15, SweepBatchSize = 2 });
        var inbox = azurite.Blobs.GetBlobContainerClient(ReportContainers.Inbox);
        await inbox.CreateIfNotExistsAsync();
        foreach (var id in new[] { "a", "b", "c" })
        {
            await inbox.UploadBlobAsync($"{prefix}-{id}.json", BinaryData.FromBytes(Report(id)));
            await Task.Delay(1100); // Last-Modified has one-second resolution
        }

        var early = await sweeper.RunAsync(default);
        time.Advance(TimeSpan.FromMinutes(16));
        var first = await sweeper.RunAsync(default);

        Assert.Equal(0, early.Handled);
        Assert.Equal((2, 0), (first.Handled, first.Failed));
        if (first.Due == 3)
        {
            // Nothing older was left in the shared inbox: the two oldest went first.
            Assert.False(await inbox.GetBlobClient(prefix + "-a.json").ExistsAsync());
            Assert.True(await inbox.GetBlobClient(prefix + "-c.json").ExistsAsync());
        }

        for (var run = 0; run < 10 && (await sweeper.RunAsync(default)).Due > 0; run++)
        {
        }

        foreach (var id in new[] { "a", "b", "c" })
        {
            Assert.False(await inbox.GetBlobClient($"{prefix}-{id}.json").ExistsAsync());
        }
    }
}
