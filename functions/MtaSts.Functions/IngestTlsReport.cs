using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Reports;
using MtaSts.Core.Storage;

namespace MtaSts.Functions;

/// <summary>
/// Blob trigger on <c>tlsrpt-inbox/{name}</c> (Event Grid source, as Flex Consumption requires; the DevHost polls):
/// parses, stores idempotently, then archives or rejects the blob (<see cref="InboxProcessor"/>).
/// </summary>
public sealed class IngestTlsReport(InboxProcessor processor)
{
    [Function(nameof(IngestTlsReport))]
    public Task Run(
        [BlobTrigger(ReportContainers.Inbox + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageClients.ConnectionName)] BlobClient blob,
        string name,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync(name, cancellationToken);
}
