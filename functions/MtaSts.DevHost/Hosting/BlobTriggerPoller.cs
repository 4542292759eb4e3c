using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// Stands in for the blob trigger's Event Grid source: every <c>DevHost:BlobPollSeconds</c> it lists each
/// blob-triggered function's container and runs the function once for each new blob (by name, creation time and content). A blob
/// whose function fails is retried on later polls up to <see cref="MaxAttempts"/> times, then left alone and logged,
/// as the host's poison handling does.
/// </summary>
public sealed class BlobTriggerPoller(
    IReadOnlyList<FunctionDescriptor> functions,
    NonHttpFunctionRunner runner,
    BlobServiceClient blobs,
    IOptions<DevHostOptions> options,
    TimeProvider time,
    ILogger<BlobTriggerPoller> logger) : BackgroundService
{
    public const int MaxAttempts = 5;

    private readonly Dictionary<string, int> attempts = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var blobFunctions = functions.Where(f => f.Trigger == TriggerKind.Blob).ToArray();
        if (blobFunctions.Length == 0)
        {
            return;
        }

        var period = TimeSpan.FromSeconds(Math.Clamp(options.Value.BlobPollSeconds, 1, 3600));
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var function in blobFunctions)
            {
                try
                {
                    await PollAsync(function, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Polling the blobs of {Function} failed", function.Name);
                }
            }

            try
            {
                await Task.Delay(period, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the function's container: runs the function for every blob not yet handled.</summary>
    public async Task PollAsync(FunctionDescriptor function, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var container = blobs.GetBlobContainerClient(BlobTriggerPath.Parse(function.BlobPath).Container);
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            // A receipt per version of the content: metadata written on a blob (a failed attempt, say) does not make it new.
            var receipt = $"{function.Name}/{item.Name}/{item.Properties.CreatedOn?.UtcTicks}/{item.Properties.ContentLength}/{Convert.ToBase64String(item.Properties.ContentHash ?? [])}";
            var tried = attempts.GetValueOrDefault(receipt);
            if (tried < 0 || tried >= MaxAttempts)
            {
                continue;
            }

            try
            {
                await runner.RunBlobAsync(function, container.GetBlobClient(item.Name), cancellationToken).ConfigureAwait(false);
                attempts[receipt] = -1;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                attempts[receipt] = tried + 1;
                logger.LogError(e, "Blob function {Function} failed on {Blob} (attempt {Attempt} of {Max})", function.Name, item.Name, tried + 1, MaxAttempts);
            }
        }
    }
}
