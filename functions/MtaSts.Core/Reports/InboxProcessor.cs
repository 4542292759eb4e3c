using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Storage;
using MtaSts.Core.Telemetry;

namespace MtaSts.Core.Reports;

/// <summary>
/// Handles one blob of <c>tlsrpt-inbox</c>: ingest it, then copy it to <c>tlsrpt-archive</c> (stored or a replay) or
/// to <c>tlsrpt-rejected</c> with the reason in its metadata (refused), and only then delete it from the inbox. Any
/// other failure (storage down) leaves the blob in the inbox for the trigger's retry: nothing is lost or dropped.
/// </summary>
public sealed class InboxProcessor(BlobServiceClient blobs, ReportIngestor ingestor, IOptions<ReportOptions> options, ILogger<InboxProcessor> logger, MtaStsMetrics? metrics = null)
{
    private readonly CreateOnce created = new(() => Task.WhenAll(
        blobs.GetBlobContainerClient(ReportContainers.Archive).CreateIfNotExistsAsync(),
        blobs.GetBlobContainerClient(ReportContainers.Rejected).CreateIfNotExistsAsync()));

    /// <returns>The container the blob was moved to, or null when it was already gone (handled by an earlier run).</returns>
    public async Task<string?> ProcessAsync(string name, CancellationToken cancellationToken)
    {
        await created.EnsureAsync().ConfigureAwait(false);
        var blob = blobs.GetBlobContainerClient(ReportContainers.Inbox).GetBlobClient(name);
        BlobProperties properties;
        try
        {
            properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            logger.LogInformation("Inbox blob {Blob} is already gone", name);
            return null;
        }

        var metadata = new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase);
        var channel = metadata.GetValueOrDefault("channel") ?? "email";
        string destination;
        BinaryData content;
        if (properties.ContentLength > options.Value.MaxCompressedBytes)
        {
            content = BinaryData.Empty;
            destination = ReportContainers.Rejected;
            metadata["reason"] = $"the input is {properties.ContentLength} bytes; Reports:MaxCompressedBytes allows {options.Value.MaxCompressedBytes}";
            metrics?.Report("refused", reason: ReportRefusedException.TooLarge);
        }
        else
        {
            content = (await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken).ConfigureAwait(false)).Value.Content;
            try
            {
                var result = await ingestor.IngestAsync(content.ToMemory(), name, channel, cancellationToken).ConfigureAwait(false);
                destination = ReportContainers.Archive;
                metadata["result"] = $"stored {result.Stored}, already stored {result.Duplicates}; tenants {string.Join(" ", result.Domains)}";
                logger.LogInformation("Report {Blob} ingested: {Stored} stored, {Duplicates} replays, tenants {Domains}", name, result.Stored, result.Duplicates, result.Domains);
                metrics?.Report("stored", result.Stored);
                metrics?.Report("duplicate", result.Duplicates);
            }
            catch (ReportRefusedException e)
            {
                destination = ReportContainers.Rejected;
                metadata["reason"] = e.Message;
                logger.LogWarning("Report {Blob} refused: {Reason}", name, e.Message);
                metrics?.Report("refused", reason: e.Code);
            }
        }

        foreach (var key in new[] { "reason", "result" }.Where(metadata.ContainsKey))
        {
            metadata[key] = BlobMetadata.Ascii(metadata[key]);
        }

        var copy = blobs.GetBlobContainerClient(destination).GetBlobClient(name);
        var upload = new BlobUploadOptions { Metadata = metadata, HttpHeaders = new BlobHttpHeaders { ContentType = properties.ContentType } };
        if (content.ToMemory().Length > 0 || properties.ContentLength == 0)
        {
            await copy.UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Too large to hold in memory: stream it across.
            using var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(false) { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken).ConfigureAwait(false);
            await copy.UploadAsync(stream, upload, cancellationToken).ConfigureAwait(false);
        }

        await blob.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return destination;
    }
}
