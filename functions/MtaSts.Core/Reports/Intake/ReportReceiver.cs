using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using MtaSts.Core.Storage;

namespace MtaSts.Core.Reports;

/// <summary>
/// Stores a report received over HTTPS (RFC 8460 §5.4) in <c>tlsrpt-inbox</c>, unchanged, under a unique name, with
/// metadata: channel, media type, received time and client address. Parsing happens later, in the ingest function.
/// </summary>
public sealed class ReportReceiver(BlobServiceClient blobs, TimeProvider time, ILogger<ReportReceiver> logger)
{
    public const string GzipMediaType = "application/tlsrpt+gzip";
    public const string JsonMediaType = "application/tlsrpt+json";

    private readonly BlobContainerClient inbox = blobs.GetBlobContainerClient(ReportContainers.Inbox);
    private readonly CreateOnce created = new(() => blobs.GetBlobContainerClient(ReportContainers.Inbox).CreateIfNotExistsAsync());

    public async Task<string> StoreAsync(ReadOnlyMemory<byte> body, string mediaType, string? clientAddress, CancellationToken cancellationToken)
    {
        await created.EnsureAsync().ConfigureAwait(false);
        var now = time.GetUtcNow();
        var extension = mediaType == GzipMediaType ? "json.gz" : "json";
        var name = $"https-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.{extension}";
        var metadata = new Dictionary<string, string>
        {
            ["channel"] = "https",
            ["mediatype"] = mediaType,
            ["receivedat"] = now.ToString("o", CultureInfo.InvariantCulture),
            ["clientaddress"] = BlobMetadata.Ascii(clientAddress ?? "unknown"),
        };
        await inbox.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(body),
            new BlobUploadOptions { Metadata = metadata, HttpHeaders = new BlobHttpHeaders { ContentType = mediaType } },
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Received a {MediaType} report of {Bytes} bytes from {Client} as {Blob}", mediaType, body.Length, clientAddress, name);
        return name;
    }
}
