using MtaSts.Core.Storage;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// When <c>Storage</c> is <c>UseDevelopmentStorage=true</c> (the default), makes sure an emulator answers on the
/// standard ports 10000-10002: an Azurite already running there is used, otherwise one is started in memory and
/// stopped when the DevHost exits.
/// </summary>
public static class DevStorage
{
    public const int BlobPort = 10000;
    public const int QueuePort = 10001;
    public const int TablePort = 10002;

    public static async Task<AzuriteProcess?> StartIfNeededAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration[StorageClients.ConnectionName];
        if (!string.Equals(storage?.Trim(), "UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (AzuriteProcess.IsListening(TablePort) && AzuriteProcess.IsListening(BlobPort))
        {
            Console.WriteLine($"Using the storage emulator already listening on 127.0.0.1:{BlobPort}-{TablePort}.");
            return null;
        }

        Console.WriteLine("Starting Azurite in memory on 127.0.0.1:10000-10002 ...");
        return await AzuriteProcess.StartAsync(BlobPort, QueuePort, TablePort, Console.Error.WriteLine, cancellationToken).ConfigureAwait(false);
    }
}
