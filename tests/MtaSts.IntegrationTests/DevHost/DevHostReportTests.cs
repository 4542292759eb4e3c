using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.DevHost;

/// <summary>End to end through the DevHost: POST /tlsrpt, the blob poller, ingestion, and the summary API.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DevHostReportTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = "report-test-key";
    private readonly int port = FreePort.Next();
    private DevHostProcess? host;
    private HttpClient? client;

    public async Task InitializeAsync()
    {
        host = await DevHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Storage"] = azurite.ConnectionString,
            ["DevHost:FunctionKey"] = Key,
            ["DevHost:DemoDomain"] = string.Empty,
            ["DevHost:BlobPollSeconds"] = "1",
            ["Reports:Dkim"] = "Off",
            ["Reports:MaxReportAgeDays"] = "36500",
        });
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        await host!.DisposeAsync();
    }

    [Fact]
    public async Task A_report_posted_three_times_is_ingested_by_the_poller_and_counted_once()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/tenants/company-y.example?code={Key}")
        {
            Content = new StringContent("{\"mode\":\"testing\",\"mx\":[\"*.mail.company-y.example\"]}", Encoding.UTF8, "application/json"),
        };
        Assert.True((await client!.SendAsync(put)).IsSuccessStatusCode);
        var report = await File.ReadAllBytesAsync(Path.Combine(MtaSts.DevHost.Hosting.AzuriteProcess.RepositoryRoot(), "..", "shared", "conformance", "tlsrpt", "stalwart-mail-auth", "rpt01.json"));
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(report);
        }

        foreach (var (body, mediaType) in new[] { (report, "application/tlsrpt+json"), (gzipped.ToArray(), "application/tlsrpt+gzip"), (report, "application/tlsrpt+json") })
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/tlsrpt", content)).StatusCode);
        }

        var inbox = azurite.Blobs.GetBlobContainerClient("tlsrpt-inbox");
        var archive = azurite.Blobs.GetBlobContainerClient("tlsrpt-archive");
        JsonElement summary = default;
        for (var i = 0; i < 60; i++)
        {
            var waiting = 0;
            await foreach (var blob in inbox.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "https-", default))
            {
                waiting++;
            }

            summary = await client.GetFromJsonAsync<JsonElement>($"/api/tenants/company-y.example/reports?from=2016-04-01&to=2016-04-01&code={Key}");
            if (waiting == 0 && summary.GetProperty("reportCount").GetInt32() == 1)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.Equal(1, summary.GetProperty("reportCount").GetInt32());
        Assert.Equal(5326, summary.GetProperty("totals").GetProperty("successful").GetInt64());
        Assert.Equal(303, summary.GetProperty("totals").GetProperty("failed").GetInt64());
        Assert.Equal(200, summary.GetProperty("failuresByResultType").GetProperty("starttls-not-supported").GetInt64());
        Assert.Equal(100, summary.GetProperty("failuresByReceivingMx").GetProperty("mx1.mail.company-y.example").GetInt64());
        Assert.Equal(303, summary.GetProperty("failuresByOrganization").GetProperty("Company-X (unverified)").GetInt64());
        Assert.Equal("2016-04-01", summary.GetProperty("days")[0].GetProperty("date").GetString());
        var archived = 0;
        await foreach (var blob in archive.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.Metadata, Azure.Storage.Blobs.Models.BlobStates.None, "https-", default))
        {
            archived++;
            Assert.Equal("https", blob.Metadata["channel"]);
            Assert.StartsWith("application/tlsrpt+", blob.Metadata["mediatype"], StringComparison.Ordinal);
            Assert.Equal("127.0.0.1", blob.Metadata["clientaddress"]);
            Assert.True(DateTimeOffset.TryParse(blob.Metadata["receivedat"], System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.Contains("stored", blob.Metadata["result"], StringComparison.Ordinal);
        }

        Assert.True(archived >= 3, host!.Output);
    }
}
