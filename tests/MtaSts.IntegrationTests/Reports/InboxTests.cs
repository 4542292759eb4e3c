using Azure.Storage.Blobs;
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

    private async Task<(InboxProcessor Processor, InboxSweeper Sweeper, FakeTimeProvider Time)> ServicesAsync(ReportOptions? settings = null, Func<FakeTimeProvider, ITlsReportStore>? store = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await tenants.AddAsync(new Tenant { Domain = "victim.example", Policy = new StsPolicy(PolicyMode.Testing, ["mx.victim.example"], 86400), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default);
        var options = Options.Create(settings ?? new ReportOptions { Dkim = DkimMode.Off, SweepAfterMinutes = 15 });
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, store?.Invoke(time) ?? new InMemoryTlsReportStore(), time, options, NullLogger<ReportIngestor>.Instance);
        var processor = new InboxProcessor(azurite.Blobs, ingestor, options, time, NullLogger<InboxProcessor>.Instance);
        return (processor, new InboxSweeper(azurite.Blobs, processor, options, time, NullLogger<InboxSweeper>.Instance), time);
    }

    private async Task<BlobContainerClient> InboxWithAsync(params string[] ids)
    {
        var inbox = azurite.Blobs.GetBlobContainerClient(ReportContainers.Inbox);
        await inbox.CreateIfNotExistsAsync();
        foreach (var id in ids)
        {
            await inbox.UploadBlobAsync($"{prefix}-{id}.json", BinaryData.FromBytes(Report(id)));
            await Task.Delay(1100); // Last-Modified has one-second resolution
        }

        return inbox;
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

    /// <summary>Review of #11: a failed attempt written on the inbox blob changes its ETag, which the own-copy check relied on alone.</summary>
    [Fact]
    public async Task A_copy_of_the_same_bytes_is_not_made_twice_even_after_the_inbox_blob_changed_its_etag()
    {
        var (processor, _, _) = await ServicesAsync();
        var inbox = azurite.Blobs.GetBlobContainerClient(ReportContainers.Inbox);
        await inbox.CreateIfNotExistsAsync();
        var archive = azurite.Blobs.GetBlobContainerClient(ReportContainers.Archive);
        await archive.CreateIfNotExistsAsync();
        var name = prefix + "-marked.json";
        await inbox.UploadBlobAsync(name, BinaryData.FromBytes(Report("marked")));
        await archive.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(Report("marked")), new BlobUploadOptions { Metadata = new Dictionary<string, string> { [InboxProcessor.SourceETagKey] = "\"0x8DD00000000000\"" } });
        await inbox.GetBlobClient(name).SetMetadataAsync(new Dictionary<string, string> { [InboxProcessor.AttemptsKey] = "1" });

        Assert.Equal(ReportContainers.Archive, await processor.ProcessAsync(name, default));

        var copies = new List<string>();
        await foreach (var blob in archive.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix + "-marked", default))
        {
            copies.Add(blob.Name);
        }

        Assert.Equal([name], copies);
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

    /// <summary>
    /// Review of #11: the sweep took the oldest blobs first, so a batch of blobs that failed every time (a storage
    /// fault for their tenant, DKIM keys that cannot be fetched) was retried every run and newer blobs never came up.
    /// A failed attempt is now written on the blob, which moves it behind the others.
    /// </summary>
    [Fact]
    public async Task A_blob_that_keeps_failing_goes_behind_the_others_and_records_its_attempts()
    {
        var (_, sweeper, time) = await ServicesAsync(new ReportOptions { Dkim = DkimMode.Off, SweepAfterMinutes = 15, SweepBatchSize = 1, SweepParallelism = 1 }, _ => new FailingStore("stuck"));
        var inbox = await InboxWithAsync("stuck", "fine");
        time.Advance(TimeSpan.FromMinutes(16));

        for (var run = 0; run < 20 && await inbox.GetBlobClient($"{prefix}-fine.json").ExistsAsync(); run++)
        {
            await sweeper.RunAsync(default);
        }

        Assert.False(await inbox.GetBlobClient($"{prefix}-fine.json").ExistsAsync());
        var stuck = (await inbox.GetBlobClient($"{prefix}-stuck.json").GetPropertiesAsync()).Value.Metadata;
        Assert.True(int.Parse(stuck[InboxProcessor.AttemptsKey], System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("RequestFailedException", stuck[InboxProcessor.LastErrorKey], StringComparison.Ordinal);
        await inbox.GetBlobClient($"{prefix}-stuck.json").DeleteAsync();
    }

    [Fact]
    public async Task A_sweep_run_starts_no_blob_after_its_time_is_up()
    {
        var (_, sweeper, time) = await ServicesAsync(
            new ReportOptions { Dkim = DkimMode.Off, SweepAfterMinutes = 15, SweepParallelism = 1, SweepRunSeconds = 60 },
            clock => new FailingStore(null, () => clock.Advance(TimeSpan.FromSeconds(45))));
        var inbox = await InboxWithAsync("slow-1", "slow-2", "slow-3");
        time.Advance(TimeSpan.FromMinutes(16));

        var run = await sweeper.RunAsync(default);

        // Started at 0 s and 45 s; at 90 s the time was up (more are handled only if the shared inbox held blobs that never reach the store).
        Assert.True(run.Handled >= 2 && run.Deferred >= 1, run.ToString());
        Assert.True(await inbox.GetBlobClient($"{prefix}-slow-3.json").ExistsAsync() || run.Due > 3);
        for (var i = 0; i < 10 && (await sweeper.RunAsync(default)).Due > 0; i++)
        {
        }

        Assert.False(await inbox.GetBlobClient($"{prefix}-slow-3.json").ExistsAsync());
    }

    /// <summary>A report store that fails with 503 for one report id, and may run a hook on every call (to let time pass).</summary>
    private sealed class FailingStore(string? failingId, Action? onAdd = null) : ITlsReportStore
    {
        private readonly InMemoryTlsReportStore inner = new();

        public Task<StoreOutcome> AddAsync(StoredReport report, IReadOnlyList<StoredFailure> failures, ReportQuota quota, CancellationToken cancellationToken)
        {
            onAdd?.Invoke();
            return report.ReportId == failingId
                ? throw new Azure.RequestFailedException(503, "the partition is unavailable")
                : inner.AddAsync(report, failures, quota, cancellationToken);
        }

        public Task<IReadOnlyList<DaySummary>> GetDaysAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            inner.GetDaysAsync(domain, from, to, cancellationToken);
    }
}
