using Azure.Data.Tables;
using Azure.Storage.Blobs;
using MtaSts.DevHost.Hosting;

namespace MtaSts.IntegrationTests.Support;

/// <summary>One real Azurite (in memory, on free loopback ports) for the tests of the <see cref="AzuriteCollection"/>; stopped afterwards.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;

    public string ConnectionString => azurite!.ConnectionString;

    public TableServiceClient Tables => new(ConnectionString);

    public BlobServiceClient Blobs => new(ConnectionString);

    public async Task InitializeAsync() =>
        azurite = await AzuriteProcess.StartAsync(FreePort.Next(), FreePort.Next(), FreePort.Next(), _ => { }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
