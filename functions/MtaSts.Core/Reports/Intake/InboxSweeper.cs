using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MtaSts.Core.Reports;

/// <summary>
/// Re-drives <c>tlsrpt-inbox</c>: every blob last modified more than <c>Reports:SweepAfterMinutes</c> ago, oldest
/// first and at most <c>Reports:SweepBatchSize</c> per run, is handed to <see cref="InboxProcessor"/>. A blob whose
/// Event Grid event was lost (Event Grid gives up after its retries), or whose ingest failed on a storage fault or a
/// temporary DKIM failure, is so still ingested. One blob failing never stops the others.
/// </summary>
public sealed class InboxSweeper(BlobServiceClient blobs, InboxProcessor processor, IOptions<ReportOptions> options, TimeProvider time, ILogger<InboxSweeper> logger)
{
    public async Task<InboxSweepSummary> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = time.GetUtcNow() - TimeSpan.FromMinutes(settings.SweepAfterMinutes);
        var due = new List<(string Name, DateTimeOffset Modified)>();
        var inbox = blobs.GetBlobContainerClient(ReportContainers.Inbox);
        try
        {
            await foreach (var item in inbox.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken).ConfigureAwait(false))
            {
                if (item.Properties.LastModified is { } modified && modified < cutoff)
                {
                    due.Add((item.Name, modified));
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new InboxSweepSummary(0, 0, 0);
        }

        var batch = due.OrderBy(d => d.Modified).Take(settings.SweepBatchSize).ToList();
        var failed = 0;
        foreach (var (name, modified) in batch)
        {
            try
            {
                var destination = await processor.ProcessAsync(name, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Sweep: inbox blob {Blob} (modified {Modified:o}) went to {Container}", name, modified, destination ?? "(already gone)");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed++;
                logger.LogError(e, "Sweep: inbox blob {Blob} could not be ingested; it stays in the inbox", name);
            }
        }

        if (due.Count > 0)
        {
            logger.LogWarning("Sweep: {Due} inbox blobs older than {Minutes} minutes, {Handled} handled, {Failed} failed", due.Count, settings.SweepAfterMinutes, batch.Count, failed);
        }

        return new InboxSweepSummary(due.Count, batch.Count - failed, failed);
    }
}
