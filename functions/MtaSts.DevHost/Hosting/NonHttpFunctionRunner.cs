using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// Runs timer and blob-triggered functions: a timer with a fresh <c>TimerInfo</c>, a blob function with the blob's
/// <c>{name}</c> and its content bound as <c>Stream</c>, <c>byte[]</c>, <c>BinaryData</c>, <c>string</c> or a
/// <c>BlobClient</c>.
/// </summary>
public sealed class NonHttpFunctionRunner(FunctionInvoker invoker, IServiceProvider services)
{
    public async Task RunAsync(FunctionDescriptor function, string? input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (function.Trigger == TriggerKind.Blob)
        {
            var path = BlobTriggerPath.Parse(function.BlobPath);
            var blobName = input is null ? throw new ArgumentException($"{function.Name} needs {{\"input\": \"{path.Container}/<blob name>\"}}")
                : input.StartsWith(path.Container + "/", StringComparison.Ordinal) ? input[(path.Container.Length + 1)..] : input;
            var blob = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(path.Container).GetBlobClient(blobName);
            await RunBlobAsync(function, blob, cancellationToken).ConfigureAwait(false);
            return;
        }

        await invoker.InvokeAsync(function, FunctionBindings.Empty, cancellationToken).ConfigureAwait(false);
    }

    public async Task RunBlobAsync(FunctionDescriptor function, BlobClient blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(blob);
        var path = BlobTriggerPath.Parse(function.BlobPath);
        var needsContent = function.Method.GetParameters().Any(p => p.ParameterType == typeof(Stream) || p.ParameterType == typeof(byte[]) || p.ParameterType == typeof(BinaryData) || p.ParameterType == typeof(string) && p.Name != path.NameParameter);
        var content = needsContent ? (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content : BinaryData.Empty;
        var bindings = new FunctionBindings(null, new Dictionary<string, string?> { [path.NameParameter] = blob.Name }, type => type switch
        {
            _ when type == typeof(Stream) => content.ToStream(),
            _ when type == typeof(byte[]) => content.ToArray(),
            _ when type == typeof(BinaryData) => content,
            _ when type == typeof(string) => content.ToString(),
            _ when type == typeof(BlobClient) || type == typeof(BlobBaseClient) => blob,
            _ => throw new InvalidOperationException($"The DevHost cannot bind a blob as {type.Name}"),
        });
        await invoker.InvokeAsync(function, bindings, cancellationToken).ConfigureAwait(false);
    }
}
