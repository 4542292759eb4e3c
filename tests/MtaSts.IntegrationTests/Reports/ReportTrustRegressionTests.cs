using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Reports;

/// <summary>
/// One test per report-trust defect of issue #11 that storage shows, each failing on the code before its fix, against
/// real Azurite: an anonymous POST must not pre-empt or rewrite a genuine report, the HTTPS channel obeys
/// <c>Reports:Dkim=Require</c>, no count poisons a day, one decompression budget per input, concurrent ingests keep
/// every report, and nothing archived is overwritten.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReportTrustRegressionTests(AzuriteFixture azurite)
{
    private const string Domain = "victim.example";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();

    private async Task<TableTlsReportStore> FreshAsync()
    {
        await tenants.AddAsync(new Tenant { Domain = Domain, Policy = new StsPolicy(PolicyMode.Testing, ["mx." + Domain], 86400), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default);
        return new TableTlsReportStore(azurite.Tables, "r" + Guid.NewGuid().ToString("N")[..10]);
    }

    private ReportIngestor Ingestor(ITlsReportStore store, DkimMode dkim = DkimMode.Off, int maxDecompressed = 20 * 1024 * 1024)
    {
        var options = Options.Create(new ReportOptions { Dkim = dkim, MaxDecompressedBytes = maxDecompressed });
        return new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, store, time, options, NullLogger<ReportIngestor>.Instance);
    }

    private ReportSummaryService Summaries(ITlsReportStore store) => new(tenants, store, time, Options.Create(new ReportOptions()));

    /// <summary>A report for <see cref="Domain"/> on 2026-11-28, with one failure-details entry per given failure.</summary>
    public static byte[] Report(string org, string id, long successful, params (string Type, string Mx, long Count)[] failures) =>
        ReportOn(new DateOnly(2026, 11, 28), org, id, successful, failures);

    /// <summary>A report for <see cref="Domain"/> on <paramref name="day"/>.</summary>
    public static byte[] ReportOn(DateOnly day, string org, string id, long successful, params (string Type, string Mx, long Count)[] failures) =>
        Encoding.UTF8.GetBytes($$"""
            {"organization-name":"{{org}}","date-range":{"start-datetime":"{{day:yyyy-MM-dd}}T00:00:00Z","end-datetime":"{{day:yyyy-MM-dd}}T23:59:59Z"},
             "contact-info":"smtp-tls-reporting@{{org.ToLowerInvariant().Replace(' ', '-')}}.example","report-id":"{{id}}",
             "policies":[{"policy":{"policy-type":"sts","policy-domain":"{{Domain}}","mx-host":["mx.{{Domain}}"]},
               "summary":{"total-successful-session-count":{{successful}},"total-failure-session-count":{{failures.Sum(f => f.Count)}}},
               "failure-details":[{{string.Join(",", failures.Select(f => $$"""{"result-type":"{{f.Type}}","receiving-mx-hostname":"{{f.Mx}}","failed-session-count":{{f.Count}}}"""))}}]}]}
            """);

    [Fact]
    public async Task Defect1_a_forged_report_with_a_genuine_key_neither_pre_empts_nor_rewrites_it()
    {
        var store = await FreshAsync();
        var ingestor = Ingestor(store);
        var forged = Report("Google Inc.", "2026-11-28T00:00:00Z_victim.example", 100000);
        var genuine = Report("Google Inc.", "2026-11-28T00:00:00Z_victim.example", 900, ("certificate-expired", "mx.victim.example", 100));

        await ingestor.IngestAsync(forged, "forged.json", "https", default);
        var second = await ingestor.IngestAsync(genuine, "genuine.json", "https", default);

        Assert.Equal(0, second.Duplicates); // a different report under the same key is not a replay
        var (summary, _, _) = await Summaries(store).GetAsync(Domain, "2026-11-28", "2026-11-28", default);
        Assert.Equal(summary!.Totals.Failed, summary.FailuresByResultType.Values.Sum()); // totals and breakdown agree
        Assert.Equal(summary.Totals.Failed, summary.FailuresByReceivingMx.Values.Sum());
    }

    [Fact]
    public async Task Defect1_a_later_report_with_the_same_key_cannot_rewrite_the_stored_breakdown()
    {
        var store = await FreshAsync();
        var ingestor = Ingestor(store);
        await ingestor.IngestAsync(Report("Google Inc.", "id-1", 900, ("certificate-expired", "mx.victim.example", 100)), "genuine.json", "https", default);
        var (before, _, _) = await Summaries(store).GetAsync(Domain, "2026-11-28", "2026-11-28", default);

        await ingestor.IngestAsync(Report("Google Inc.", "id-1", 900, ("starttls-not-supported", "elsewhere.example", 100)), "forged.json", "https", default);

        var (after, _, _) = await Summaries(store).GetAsync(Domain, "2026-11-28", "2026-11-28", default);
        Assert.DoesNotContain("starttls-not-supported", after!.FailuresByResultType.Keys);
        Assert.True(before!.FailuresByResultType.ContainsKey("certificate-expired") || after.FailuresByResultType.Count == 0);
    }

    [Fact]
    public async Task Defect2_dkim_require_governs_the_https_channel_too()
    {
        var store = await FreshAsync();

        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => Ingestor(store, DkimMode.Require).IngestAsync(Report("Org", "id-1", 10), "https-1.json", "https", default));

        Assert.Equal(ReportRefusedException.Dkim, refused.Code);
    }

    [Fact]
    public async Task Defect3_an_implausible_count_is_refused_and_cannot_poison_the_day()
    {
        var store = await FreshAsync();
        var ingestor = Ingestor(store);

        await Assert.ThrowsAsync<ReportRefusedException>(() => ingestor.IngestAsync(Report("Org", "poison-1", long.MaxValue), "p1.json", "https", default));
        await Assert.ThrowsAsync<ReportRefusedException>(() => ingestor.IngestAsync(Report("Org", "poison-2", 10, ("certificate-expired", "mx", long.MaxValue)), "p2.json", "https", default));
        await ingestor.IngestAsync(Report("Org", "genuine", 10), "g.json", "https", default);

        var (summary, _, _) = await Summaries(store).GetAsync(Domain, "2026-11-01", "2026-11-29", default);
        Assert.Equal(10, summary!.Totals.Successful);
    }

    [Fact]
    public async Task Defect3_a_day_with_many_long_breakdown_keys_stays_within_table_limits()
    {
        var store = await FreshAsync();
        var ingestor = Ingestor(store);
        for (var report = 0; report < 3; report++)
        {
            var failures = Enumerable.Range(0, 100).Select(i => ("validation-failure", $"{report}-{i}-" + new string('m', 500), 1L)).ToArray();
            await ingestor.IngestAsync(Report("Org " + new string('o', 500) + report, "long-" + report, 10, failures), $"l{report}.json", "https", default);
        }

        var (summary, _, _) = await Summaries(store).GetAsync(Domain, "2026-11-28", "2026-11-28", default);
        Assert.Equal(300, summary!.Totals.Failed);
        Assert.Equal(300, summary.FailuresByReceivingMx.Values.Sum());
    }

    /// <summary>
    /// Review of #11: the entry bounds held, but JSON escaping multiplies hostile characters by six, so a day's
    /// breakdown properties outgrew the Table limits and every later report of the day failed to store.
    /// </summary>
    [Theory]
    [InlineData("\\u0378")]
    [InlineData("\\\"")]
    [InlineData("\\ud83d\\ude00")]
    public async Task Defect3_a_day_of_names_that_escape_badly_stays_within_table_limits(string jsonChar)
    {
        var store = await FreshAsync();
        var ingestor = Ingestor(store);
        var name = string.Concat(Enumerable.Repeat(jsonChar, 300));
        for (var report = 0; report < 4; report++)
        {
            var failures = Enumerable.Range(0, 100).Select(i => (name + report + i, $"{report}-{i}-" + name, 1L)).ToArray();
            await ingestor.IngestAsync(Report($"Org{report} " + name, "escaped-" + report, 10, failures), $"e{report}.json", "https", default);
            await ingestor.IngestAsync(Report($"Org{report} " + name, "escaped-" + report, 11, failures), $"c{report}.json", "https", default);
        }

        var (summary, _, _) = await Summaries(store).GetAsync(Domain, "2026-11-28", "2026-11-28", default);
        Assert.Equal(4 * 100, summary!.Days.Single().ByProvenance[Provenance.Conflict].Failed / 2);
        Assert.Equal(8, summary.Days.Single().ByProvenance[Provenance.Conflict].Reports);
    }

    [Fact]
    public async Task Defect4_content_that_made_the_parser_throw_is_rejected_not_retried_forever()
    {
        // Found by the fuzz test: a JSON string that is not UTF-8 made JsonElement.GetString throw
        // InvalidOperationException, which was not a refusal, so the blob stayed in the inbox and was retried forever.
        var store = await FreshAsync();
        var processor = new InboxProcessor(azurite.Blobs, Ingestor(store), Options.Create(new ReportOptions()), time, NullLogger<InboxProcessor>.Instance);
        var inbox = azurite.Blobs.GetBlobContainerClient(ReportContainers.Inbox);
        await inbox.CreateIfNotExistsAsync();
        var bytes = Report("Org\u0007", "utf8", 1);
        bytes[Array.IndexOf(bytes, (byte)7)] = 0xFF;
        var name = $"bad-utf8-{Guid.NewGuid():N}.json";
        await inbox.UploadBlobAsync(name, BinaryData.FromBytes(bytes));

        Assert.Equal(ReportContainers.Rejected, await processor.ProcessAsync(name, default));

        Assert.False(await inbox.GetBlobClient(name).ExistsAsync());
        Azure.Storage.Blobs.Models.BlobProperties rejected = await azurite.Blobs.GetBlobContainerClient(ReportContainers.Rejected).GetBlobClient(name).GetPropertiesAsync();
        Assert.Contains("UTF-8", rejected.Metadata["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defect5_all_parts_of_one_input_share_one_decompression_budget()
    {
        var store = await FreshAsync();
        var padding = new string(' ', 60 * 1024);
        var parts = Enumerable.Range(0, 3).Select(i => Gzip(Encoding.UTF8.GetString(Report("Org", "part-" + i, 1)).Replace("{\"organization-name\"", "{" + padding + "\"organization-name\"", StringComparison.Ordinal))).ToArray();

        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => Ingestor(store, maxDecompressed: 100 * 1024).IngestAsync(Mail(parts), "many.eml", "email", default));

        Assert.Equal(ReportRefusedException.TooLarge, refused.Code);
    }

    /// <summary>The per-class daily caps survive the Table row (review of #11: anonymous reports used up the signed ones' room).</summary>
    [Fact]
    public async Task Anonymous_reports_cannot_use_up_the_day_of_aligned_ones_in_table_storage()
    {
        var store = await FreshAsync();
        Assert.Equal(StoreOutcome.Stored, await store.AddAsync(MtaSts.Core.Tests.Reports.StoredReports.Report(Provenance.Https, content: "h1", id: "h1"), [], new ReportQuota(1, 1), default));
        Assert.Equal(StoreOutcome.OverQuota, await store.AddAsync(MtaSts.Core.Tests.Reports.StoredReports.Report(Provenance.Https, content: "h2", id: "h2"), [], new ReportQuota(1, 1), default));
        Assert.Equal(StoreOutcome.Stored, await store.AddAsync(MtaSts.Core.Tests.Reports.StoredReports.Report(Provenance.EmailAligned, content: "a1", id: "a1"), [], new ReportQuota(1, 1), default));
        Assert.Equal(StoreOutcome.OverQuota, await store.AddAsync(MtaSts.Core.Tests.Reports.StoredReports.Report(Provenance.EmailAligned, content: "a2", id: "a2"), [], new ReportQuota(1, 1), default));

        var day = Assert.Single(await store.GetDaysAsync(Domain, new DateOnly(2026, 11, 28), new DateOnly(2026, 11, 28), default));
        Assert.Equal((2, 1), (day.Received, day.ReceivedAligned));
        Assert.Equal(["Google Inc. (d=google.com)"], day.Classes[Provenance.EmailAligned].Organizations.Keys);
    }

    [Fact]
    public async Task Defect6_concurrent_ingests_for_one_day_keep_every_report()
    {
        var store = await FreshAsync();
        var ingestor = Ingestor(store);

        var first = new DateOnly(2026, 10, 1);

        // Pairs of reports for one day, ingested at the same time: the second recompute must not drop the first.
        await Parallel.ForEachAsync(Enumerable.Range(0, 30), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (d, ct) =>
            await Task.WhenAll(Enumerable.Range(0, 2).Select(i => ingestor.IngestAsync(
                ReportOn(first.AddDays(d), "Org " + i, $"id-{d}-{i}", 10, ("certificate-expired", "mx.victim.example", 1)), $"c{d}-{i}.json", "https", ct))));

        var (summary, _, _) = await Summaries(store).GetAsync(Domain, "2026-10-01", "2026-10-30", default);
        Assert.All(summary!.Days, d => Assert.Equal((2, 20L, 2L), (d.Reports, d.Successful, d.Failed)));
        Assert.Equal(60, summary.ReportCount);
    }

    [Fact]
    public async Task Defect7_an_archived_blob_is_never_overwritten_by_one_with_the_same_name()
    {
        var store = await FreshAsync();
        var processor = new InboxProcessor(azurite.Blobs, Ingestor(store), Options.Create(new ReportOptions()), time, NullLogger<InboxProcessor>.Instance);
        var inbox = azurite.Blobs.GetBlobContainerClient(ReportContainers.Inbox);
        await inbox.CreateIfNotExistsAsync();
        var name = $"queue-{Guid.NewGuid():N}.json";
        var rejectedName = $"queue-{Guid.NewGuid():N}.eml";

        foreach (var id in new[] { "first", "second" })
        {
            await inbox.UploadBlobAsync(name, BinaryData.FromBytes(Report("Org", id, 1)));
            Assert.Equal(ReportContainers.Archive, await processor.ProcessAsync(name, default));
            await inbox.UploadBlobAsync(rejectedName, BinaryData.FromString("From: a@b.example\r\nSubject: " + id + "\r\n\r\nhello\r\n"));
            Assert.Equal(ReportContainers.Rejected, await processor.ProcessAsync(rejectedName, default));
        }

        Assert.Equal(2, await CountAsync(ReportContainers.Archive, name));
        Assert.Equal(2, await CountAsync(ReportContainers.Rejected, rejectedName));
    }

    private async Task<int> CountAsync(string container, string prefix)
    {
        var count = 0;
        await foreach (var _ in azurite.Blobs.GetBlobContainerClient(container).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix.Split('.')[0], default))
        {
            count++;
        }

        return count;
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private static byte[] Mail(IEnumerable<byte[]> gzipParts)
    {
        var mail = new StringBuilder("From: reports@org.example\r\nTo: tlsrpt@victim.example\r\nSubject: Report\r\nTLS-Report-Domain: victim.example\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=tlsrpt; boundary=\"b\"\r\n\r\n");
        foreach (var part in gzipParts)
        {
            mail.Append("--b\r\nContent-Type: application/tlsrpt+gzip\r\nContent-Transfer-Encoding: base64\r\n\r\n").Append(Convert.ToBase64String(part, Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(mail.Append("--b--\r\n").ToString());
    }
}
