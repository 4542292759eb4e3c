using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MtaSts.Core.Reports;
using MtaSts.Core.Serving;

namespace MtaSts.Functions.Tests;

/// <summary>The refusals of <c>ReceiveTlsReport</c>, which answer before any storage is touched (storing is tested against Azurite).</summary>
public sealed class ReceiveTlsReportTests
{
    private static ReceiveTlsReport Function(DkimMode dkim = DkimMode.Record, string? frontDoorId = null) => new(
        new ReportReceiver(new BlobServiceClient("UseDevelopmentStorage=true"), TimeProvider.System, NullLogger<ReportReceiver>.Instance),
        Options.Create(new ReportOptions { MaxCompressedBytes = 1024, Dkim = dkim }),
        Options.Create(new ProxyOptions { TrustedFrontDoorId = frontDoorId }));

    private static async Task<FunctionHarness.Response> PostAsync(string? contentType, string body, long? contentLength = null, ReceiveTlsReport? function = null, string? fdid = null)
    {
        var request = FunctionHarness.Request("POST", body);
        request.ContentType = contentType;
        if (contentLength is not null)
        {
            request.ContentLength = contentLength;
        }

        if (fdid is not null)
        {
            request.Headers["X-Azure-FDID"] = fdid;
        }

        return await FunctionHarness.ExecuteAsync(await (function ?? Function()).Run(request, default), request);
    }

    [Fact]
    public async Task With_dkim_required_https_reports_are_403_with_where_to_send_them()
    {
        var response = await PostAsync("application/tlsrpt+json", "{}", function: Function(DkimMode.Require));

        Assert.Equal(403, response.Status);
        Assert.Contains("mailto:", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_trusted_Front_Door_id_a_post_around_Front_Door_is_403()
    {
        var function = Function(frontDoorId: FunctionHarness.FrontDoorId);

        Assert.Equal(403, (await PostAsync("application/tlsrpt+json", "{}", function: function)).Status);
        Assert.Equal(403, (await PostAsync("application/tlsrpt+json", "{}", function: function, fdid: "another")).Status);
        Assert.Equal(413, (await PostAsync("application/tlsrpt+json", new string('x', 1025), function: function, fdid: FunctionHarness.FrontDoorId)).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/tlsrpt")]
    [InlineData("application/gzip")]
    [InlineData("application/tlsrpt+jsonx")]
    public async Task Other_media_types_are_415(string? contentType)
    {
        var response = await PostAsync(contentType, "{}");

        Assert.Equal(415, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers.ContentType.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bodies_over_the_cap_are_413_whether_declared_or_streamed()
    {
        Assert.Equal(413, (await PostAsync("application/tlsrpt+json", "{}", contentLength: 5000)).Status);
        Assert.Equal(413, (await PostAsync("application/tlsrpt+gzip", new string('x', 1025))).Status);
        Assert.Equal(413, (await PostAsync("Application/TLSRPT+JSON; charset=utf-8", new string('x', 1025))).Status);
    }

    [Fact]
    public async Task An_empty_body_is_400()
    {
        Assert.Equal(400, (await PostAsync("application/tlsrpt+json", string.Empty)).Status);
    }
}
