using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Storage;
using MtaSts.Core.Telemetry;

namespace MtaSts.Core.Reports;

/// <summary>
/// Handles one blob of <c>tlsrpt-inbox</c>: ingest it, then copy it to <c>tlsrpt-archive</c> (stored, a replay or a
/// conflict) or to <c>tlsrpt-rejected</c> with the reason in its metadata (refused, including <c>parser-error</c> when
/// our code failed on it), and only then delete it from the inbox. A copy never overwrites a blob: it is created only
/// if the name is free, and otherwise goes under a unique name (unless it is this blob's own copy from an attempt that
/// stopped before the delete). Storage faults, and DKIM keys that could not be fetched yet, leave the blob in the inbox
/// for the trigger's retry and the sweep (<see cref="InboxSweeper"/>): nothing is lost or dropped. Such a failed attempt
/// is written on the blob (metadata <c>attempts</c> and <c>lasterror</c>), which also moves its Last-Modified time, so
/// the sweep, oldest first, takes the blobs that never failed before the ones that keep failing.
/// </summary>
public sealed class InboxProcessor(BlobServiceClient blobs, ReportIngestor ingestor, IOptions<ReportOptions> options, TimeProvider time, ILogger<InboxProcessor> logger, MtaStsMetrics? metrics = null, IIngestObserver? observer = null)
{
    /// <summary>Metadata on a copy: the ETag of the inbox blob it was copied from.</summary>
    public const string SourceETagKey = "inboxetag";

    /// <summary>Metadata on an inbox blob: how many attempts to ingest it failed so far.</summary>
    public const string AttemptsKey = "attempts";

    /// <summary>Metadata on an inbox blob: why the last attempt failed.</summary>
    public const string LastErrorKey = "lasterror";

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
        IReadOnlyList<string> tenantsStored = [];
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
                var result = await ingestor.IngestAsync(content.ToMemory(), name, channel, properties.CreatedOn, cancellationToken).ConfigureAwait(false);
                destination = ReportContainers.Archive;
                metadata["result"] = $"stored {result.Stored}, already stored {result.Duplicates}, conflicts {result.Conflicts}, over quota {result.OverQuota}; tenants {string.Join(" ", result.Domains)}";
                tenantsStored = result.Domains;
                logger.LogInformation("Report {Blob} ingested: {Stored} stored, {Duplicates} replays, {Conflicts} conflicts, {OverQuota} over quota, tenants {Domains}", name, result.Stored, result.Duplicates, result.Conflicts, result.OverQuota, result.Domains);
                metrics?.Report("stored", result.Stored);
                metrics?.Report("duplicate", result.Duplicates);
                metrics?.Report("conflict", result.Conflicts);
                metrics?.Report("refused", result.OverQuota, ReportRefusedException.Quota);
            }
            catch (ReportRefusedException e)
            {
                destination = ReportContainers.Rejected;
                metadata["reason"] = e.Message;
                metadata["code"] = e.Code;
                if (e.Code == ReportRefusedException.ParserError)
                {
                    logger.LogError(e, "Report {Blob} made our code fail; moved to {Container} as parser-error", name, destination);
                }
                else
                {
                    logger.LogWarning("Report {Blob} refused ({Code}): {Reason}", name, e.Code, e.Message);
                }

                metrics?.Report("refused", reason: e.Code);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (e is DkimTemporaryException)
                {
                    logger.LogWarning("Report {Blob} left in the inbox: {Reason}", name, e.Message);
                }

                await MarkFailedAttemptAsync(blob, properties, e, cancellationToken).ConfigureAwait(false);
                throw;
            }
        }

        foreach (var key in new[] { "reason", "result" }.Where(metadata.ContainsKey))
        {
            metadata[key] = BlobMetadata.Ascii(metadata[key]);
        }

        metadata[SourceETagKey] = BlobMetadata.Ascii(properties.ETag.ToString());
        var copied = await CopyAsync(blob, properties, content, destination, name, metadata, cancellationToken).ConfigureAwait(false);
        if (copied != name)
        {
            logger.LogWarning("{Container} already has a different {Blob}; this one is kept as {Copy}", destination, name, copied);
        }

        await blob.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await ObserveAsync(tenantsStored, destination == ReportContainers.Rejected ? metadata.GetValueOrDefault("code") ?? ReportRefusedException.TooLarge : null, cancellationToken).ConfigureAwait(false);
        return destination;
    }

    /// <summary>Tells the observer (the alert conditions); its faults are logged, never the blob's outcome.</summary>
    private async Task ObserveAsync(IReadOnlyList<string> domains, string? refusal, CancellationToken cancellationToken)
    {
        if (observer is null)
        {
            return;
        }

        try
        {
            if (refusal is not null)
            {
                await observer.RefusedAsync(refusal, cancellationToken).ConfigureAwait(false);
            }
            else if (domains.Count > 0)
            {
                await observer.IngestedAsync(domains, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Evaluating the alert conditions after an ingest failed; the daily evaluation will catch up");
        }
    }

    private static bool SameBytes(BlobProperties a, BlobProperties b) =>
        a.ContentHash is { Length: > 0 } x && b.ContentHash is { Length: > 0 } y && a.ContentLength == b.ContentLength && x.AsSpan().SequenceEqual(y);

    /// <summary>Writes the failed attempt on the inbox blob, if it is still the blob that was read; best effort.</summary>
    private async Task MarkFailedAttemptAsync(BlobClient blob, BlobProperties properties, Exception error, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase);
        var attempts = int.TryParse(metadata.GetValueOrDefault(AttemptsKey), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n < 1_000_000 ? n + 1 : 1;
        metadata[AttemptsKey] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata[LastErrorKey] = BlobMetadata.Ascii($"{time.GetUtcNow():o} {error.GetType().Name}: {error.Message}");
        try
        {
            await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning("Could not mark the failed attempt on inbox blob {Blob} ({Status}); the sweep will still retry it", blob.Name, e.Status);
        }
    }

    /// <summary>Creates the copy only where no blob is, under the inbox name or else a unique one; returns the name used.</summary>
    private async Task<string> CopyAsync(BlobClient source, BlobProperties properties, BinaryData content, string container, string name, Dictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var target = blobs.GetBlobContainerClient(container);
        var candidate = name;
        for (var attempt = 0; ; attempt++)
        {
            var copy = target.GetBlobClient(candidate);
            var upload = new BlobUploadOptions
            {
                Metadata = metadata,
                HttpHeaders = new BlobHttpHeaders { ContentType = properties.ContentType },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            };
            try
            {
                if (content.ToMemory().Length > 0 || properties.ContentLength == 0)
                {
                    await copy.UploadAsync(content, upload, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // Too large to hold in memory: stream it across.
                    using var stream = await source.OpenReadAsync(new BlobOpenReadOptions(false) { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken).ConfigureAwait(false);
                    await copy.UploadAsync(stream, upload, cancellationToken).ConfigureAwait(false);
                }

                return candidate;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 3)
            {
                var existing = (await copy.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                if ((existing.Metadata.TryGetValue(SourceETagKey, out var from) && from == metadata[SourceETagKey]) || SameBytes(existing, properties))
                {
                    // This blob's own copy, made by an attempt that stopped before deleting it from the inbox (its ETag
                    // may have changed since, when a failed attempt was written on it); or the very same bytes anyway.
                    return candidate;
                }

                candidate = $"{name}.{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..8]}";
            }
        }
    }
}
