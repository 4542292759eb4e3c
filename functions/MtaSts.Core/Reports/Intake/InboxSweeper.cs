using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MtaSts.Core.Reports;

/// <summary>
/// Re-drives <c>tlsrpt-inbox</c>: every blob last modified more than <c>Reports:SweepAfterMinutes</c> ago, oldest
/// first and at most <c>Reports:SweepBatchSize</c> per run, <c>Reports:SweepParallelism</c> at a time, is handed to
/// <see cref="InboxProcessor"/>. A blob whose Event Grid event was lost (Event Grid gives up after its retries), or
/// whose ingest failed on a storage fault or a temporary DKIM failure, is so still ingested. One blob failing never
/// stops the others, and cannot starve them: a failed attempt marks the blob (<see cref="InboxProcessor"/>), which
/// moves it to the back of the queue. No blob is started after <c>Reports:SweepRunSeconds</c>; the next run goes on.
/// </summary>
public sealed class InboxSweeper(BlobServiceClient blobs, InboxProcessor processor, IOptions<ReportOptions> options, TimeProvider time, ILogger<InboxSweeper> logger)
{
    /// <summary>Inbox blobs listed per run at most; a larger inbox is an incident, and is logged as one.</summary>
    public const int MaxListed = 100_000;

    public async Task<InboxSweepSummary> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetUtcNow();
        var cutoff = started - TimeSpan.FromMinutes(settings.SweepAfterMinutes);
        var due = new List<(string Name, DateTimeOffset Modified)>();
        var listed = 0;
        var inbox = blobs.GetBlobContainerClient(ReportContainers.Inbox);
        try
        {
            await foreach (var item in inbox.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken).ConfigureAwait(false))
            {
                if (item.Properties.LastModified is { } modified && modified < cutoff)
                {
                    due.Add((item.Name, modified));
                }

                if (++listed >= MaxListed)
                {
                    logger.LogError("Sweep: the inbox holds more than {Max} blobs; only the first {Max} by name are considered this run", MaxListed, MaxListed);
                    break;
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new InboxSweepSummary(0, 0, 0);
        }

        var batch = due.OrderBy(d => d.Modified).ThenBy(d => d.Name, StringComparer.Ordinal).Take(settings.SweepBatchSize).ToList();
        var deadline = started + TimeSpan.FromSeconds(settings.SweepRunSeconds);
        int handled = 0, failed = 0, deferred = 0;
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = settings.SweepParallelism, CancellationToken = cancellationToken }, async (blob, token) =>
        {
            if (time.GetUtcNow() >= deadline)
            {
                Interlocked.Increment(ref deferred);
                return;
            }

            try
            {
                var destination = await processor.ProcessAsync(blob.Name, token).ConfigureAwait(false);
                Interlocked.Increment(ref handled);
                logger.LogInformation("Sweep: inbox blob {Blob} (modified {Modified:o}) went to {Container}", blob.Name, blob.Modified, destination ?? "(already gone)");
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                logger.LogError(e, "Sweep: inbox blob {Blob} could not be ingested; it stays in the inbox", blob.Name);
            }
        }).ConfigureAwait(false);

        if (due.Count > 0)
        {
            logger.LogWarning(
                "Sweep: {Due} inbox blobs older than {Minutes} minutes, {Handled} handled, {Failed} failed, {Deferred} left for the next run",
                due.Count,
                settings.SweepAfterMinutes,
                handled,
                failed,
                deferred);
        }

        return new InboxSweepSummary(due.Count, handled, failed, deferred);
    }
}
