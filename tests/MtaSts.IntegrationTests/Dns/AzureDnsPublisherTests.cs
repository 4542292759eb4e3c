using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Dns;

/// <summary>The Azure DNS publisher against a local HTTPS server speaking the ARM record-set API.</summary>
public sealed class AzureDnsPublisherTests : IAsyncLifetime
{
    private FakeAzureDns? arm;

    public async Task InitializeAsync() => arm = await FakeAzureDns.StartAsync();

    public async Task DisposeAsync() => await arm!.DisposeAsync();

    private AzureDnsTxtRecordPublisher Publisher()
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == arm!.Certificate.Thumbprint };
        var clientOptions = new AzureDnsClientOptions { Transport = new HttpClientTransport(handler) };
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(100);
        return new AzureDnsTxtRecordPublisher(
            Options.Create(new DnsOptions { Provider = DnsProviderKind.AzureDns, AzureDns = new AzureDnsOptions { SubscriptionId = Guid.NewGuid().ToString(), ResourceGroup = "rg-dns", Endpoint = arm!.Endpoint } }),
            new StaticToken(),
            clientOptions,
            NullLogger<AzureDnsTxtRecordPublisher>.Instance);
    }

    [Fact]
    public async Task Creates_replaces_and_deletes_only_the_v_STSv1_record()
    {
        var publisher = Publisher();
        var name = new DnsRecordName("example.com", "_mta-sts.example.com");

        await publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=1", await publisher.ReadAsync(name, default), default);
        Assert.Equal(["v=STSv1; id=1"], (await publisher.ReadAsync(name, default)).Records);

        var withOther = await publisher.ReadAsync(name, default);
        arm!.RecordSets["example.com/_mta-sts"] = (System.Text.Json.Nodes.JsonNode.Parse(
            """{"properties":{"TTL":300,"TXTRecords":[{"value":["v=STSv1; id=1"]},{"value":["other=", "value"]},{"value":["v=STSv1; id=dup"]}]}}""")!, withOther.Version!);
        await publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=2", await publisher.ReadAsync(name, default), default);
        Assert.Equal(["other=value", "v=STSv1; id=2"], (await publisher.ReadAsync(name, default)).Records);
        Assert.Equal("""[{"value":["other=","value"]},{"value":["v=STSv1; id=2"]}]""", arm.RecordSets["example.com/_mta-sts"].Body["properties"]!["TXTRecords"]!.ToJsonString());

        await publisher.DeleteStsRecordsAsync(name, await publisher.ReadAsync(name, default), default);
        Assert.Equal(["other=value"], (await publisher.ReadAsync(name, default)).Records);
        arm.RecordSets["example.com/_mta-sts"] = (System.Text.Json.Nodes.JsonNode.Parse("""{"properties":{"TXTRecords":[{"value":["v=STSv1; id=3"]}]}}""")!, "\"x\"");
        await publisher.DeleteStsRecordsAsync(name, await publisher.ReadAsync(name, default), default);
        Assert.False(arm.RecordSets.ContainsKey("example.com/_mta-sts"));
    }

    [Fact]
    public async Task Delegation_zone_names_are_relative_to_the_zone()
    {
        var publisher = Publisher();

        await publisher.ReplaceStsRecordAsync(new DnsRecordName("zone.example", "customer.com.zone.example"), "v=STSv1; id=1", TxtRecordSet.Empty, default);

        Assert.True(arm!.RecordSets.ContainsKey("zone.example/customer.com"));
    }

    [Fact]
    public async Task A_stale_ETag_is_a_conflict_and_so_is_creating_what_exists()
    {
        var publisher = Publisher();
        var name = new DnsRecordName("example.com", "_mta-sts.example.com");
        var empty = await publisher.ReadAsync(name, default);
        await publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=1", empty, default);
        var read = await publisher.ReadAsync(name, default);
        await publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=2", read, default);

        await Assert.ThrowsAsync<DnsConflictException>(() => publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=3", empty, default));
        await Assert.ThrowsAsync<DnsConflictException>(() => publisher.ReplaceStsRecordAsync(name, "v=STSv1; id=3", read, default));
        Assert.Equal(["v=STSv1; id=2"], (await publisher.ReadAsync(name, default)).Records);
    }

    [Fact]
    public async Task Throttling_is_retried_after_Retry_After()
    {
        var publisher = Publisher();
        arm!.ThrottleNext = 1;
        var watch = Stopwatch.StartNew();

        var read = await publisher.ReadAsync(new DnsRecordName("example.com", "_mta-sts.example.com"), default);

        Assert.Empty(read.Records);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {watch.Elapsed}");
        Assert.Equal(2, arm.Requests);
    }

    [Fact]
    public async Task A_missing_zone_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<DnsPublishException>(() =>
            Publisher().ReplaceStsRecordAsync(new DnsRecordName("missing.example", "_mta-sts.missing.example"), "v=STSv1; id=1", TxtRecordSet.Empty, default));

        Assert.Contains("no zone missing.example", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Review of #10: every 404 read as "no record", so with a wrong resource group or a moved zone, offboarding saw the
    /// record gone and deleted the tenant while the record was live. Only ARM's <c>NotFound</c> of the record set is.
    /// </summary>
    [Fact]
    public async Task Reading_from_a_missing_zone_is_an_error_not_an_empty_record_set()
    {
        var error = await Assert.ThrowsAsync<DnsPublishException>(() => Publisher().ReadAsync(new DnsRecordName("missing.example", "_mta-sts.missing.example"), default));
        Assert.Contains("no zone missing.example", error.Message, StringComparison.Ordinal);

        Assert.Empty((await Publisher().ReadAsync(new DnsRecordName("example.com", "_mta-sts.nothing-here"), default)).Records);
    }
}
