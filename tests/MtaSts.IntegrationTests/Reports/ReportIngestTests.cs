using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Reports;

/// <summary>Ingestion into real Azurite tables and containers: idempotency, tenant mapping, summaries, archive and reject.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReportIngestTests(AzuriteFixture azurite)
{
    private static readonly string Corpus = Path.Combine(MtaSts.DevHost.Hosting.AzuriteProcess.RepositoryRoot(), "..", "shared", "conformance", "tlsrpt");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private ReportIngestor Ingestor(TableTlsReportStore reports) => new(Parser(), tenants, reports, time, Options.Create(new ReportOptions { Dkim = DkimMode.Off, MaxReportAgeDays = 36500 }), NullLogger<ReportIngestor>.Instance);

    private static ReportInputParser Parser()
    {
        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off });
        return new ReportInputParser(options, new DkimChecker(options));
    }

    private async Task TenantAsync(string domain) =>
        await tenants.AddAsync(new Tenant { Domain = domain, Policy = new StsPolicy(PolicyMode.Testing, ["mx." + domain], 86400), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default);

    private static byte[] Read(string path) => File.ReadAllBytes(Path.Combine(Corpus, path));

    private ReportSummaryService Summaries(TableTlsReportStore reports) => new(tenants, reports, time, Options.Create(new ReportOptions { Evidence = "https,email-dkim-unchecked" }));

    private TableTlsReportStore FreshStore() => new(azurite.Tables, "t" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task The_same_report_by_email_by_https_and_replayed_counts_once()
    {
        var reports = FreshStore();
        await TenantAsync("example.net");
        await TenantAsync("company-y.example");
        var ingestor = Ingestor(reports);

        var first = await ingestor.IngestAsync(Read("stalwart-mail-auth/rpt01.eml"), "mail-1.eml", "email", default);
        var replay = await ingestor.IngestAsync(Read("stalwart-mail-auth/rpt01.eml"), "mail-2.eml", "email", default);
        var https = await ingestor.IngestAsync(Read("stalwart-mail-auth/rpt01.json"), "https-1.json", "https", default);

        Assert.Equal((1, 0), (first.Stored, first.Duplicates));
        Assert.Equal((0, 1), (replay.Stored, replay.Duplicates));
        Assert.Equal((0, 1), (https.Stored, https.Duplicates));
        var (summary, _, _) = await Summaries(reports).GetAsync("company-y.example", "2016-04-01", "2016-04-01", default);
        Assert.Equal(1, summary!.ReportCount);
        Assert.Equal(new SessionTotals(5326, 303), summary.Totals);
        Assert.Equal(100 + 200 + 3, summary.FailuresByResultType.Values.Sum());
        Assert.Equal(200, summary.FailuresByResultType["starttls-not-supported"]);
        Assert.Equal(100, summary.FailuresByReceivingMx["mx1.mail.company-y.example"]);
        Assert.Equal(303, summary.FailuresByOrganization["Company-X (unverified)"]);
    }

    [Fact]
    public async Task Unknown_policy_domains_are_skipped_and_a_report_for_no_tenant_is_refused()
    {
        var reports = FreshStore();
        await TenantAsync("test.xmox.nl");
        await TenantAsync("test2.xmox.nl");
        var ingestor = Ingestor(reports);

        var mixed = await ingestor.IngestAsync(Read("mox/tlsrptdb_reportMixedJSON.json"), "mixed.json", "https", default);
        Assert.Equal(["test.xmox.nl"], mixed.Domains);
        Assert.Contains("unknown.xmox.nl", mixed.UnknownDomains);

        var multiple = await ingestor.IngestAsync(Read("mox/tlsrptdb_reportMultipleJSON.json"), "multiple.json", "https", default);
        Assert.Equal(2, multiple.Stored);

        await Assert.ThrowsAsync<ReportRefusedException>(() => ingestor.IngestAsync(Read("mox/tlsrptdb_reportUnknownJSON.json"), "unknown.json", "https", default));
    }

    /// <summary>
    /// Microsoft's real report counts 2 sessions under the sts policy and 2 under tlsa: the day keeps both totals and
    /// the sts count (the readiness evidence), per class and organization, and a day row written before the sts count
    /// existed reads as none (evidence starts afresh rather than counting sessions of unknown policy type).
    /// </summary>
    [Fact]
    public async Task A_day_keeps_the_sessions_under_the_sts_policy_apart_and_older_rows_read_as_none()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var reports = new TableTlsReportStore(azurite.Tables, prefix);
        await TenantAsync("random.net");

        Assert.Equal(1, (await Ingestor(reports).IngestAsync(Read("dmarc-report-viewer/microsoft.json"), "microsoft.json", "https", default)).Stored);

        var day = Assert.Single(await reports.GetDaysAsync("random.net", new DateOnly(2025, 5, 23), new DateOnly(2025, 5, 23), default));
        var summary = day.Classes[Provenance.Https];
        Assert.Equal((4L, 0L, 2L), (summary.Successful, summary.Failed, summary.Sts));
        var organization = Assert.Single(summary.Organizations);
        Assert.Equal(2, organization.Value.Sts);
        var (view, _, errors) = await Summaries(reports).GetAsync("random.net", "2025-05-23", "2025-05-23", default);
        Assert.True(view is not null, string.Join("; ", errors));
        Assert.Equal((4L, 2L), (view.ByProvenance[Provenance.Https].Successful, view.ByProvenance[Provenance.Https].Sts));
        Assert.Equal(2, view.SessionsByOrganization.Single().Value.Sts);

        var table = azurite.Tables.GetTableClient(prefix + TableTlsReportStore.ReportsTable);
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("random.net", "d_2025-05-23")).Value;
        row["P_https"] = """{"R":1,"S":4,"F":0}""";
        row["O_https"] = $$"""[{"N":"{{organization.Key}}","R":1,"S":4,"F":0}]""";
        await table.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        var older = Assert.Single(await reports.GetDaysAsync("random.net", new DateOnly(2025, 5, 23), new DateOnly(2025, 5, 23), default)).Classes[Provenance.Https];
        Assert.Equal((4L, 0L, 0L, 0L), (older.Successful, older.Failed, older.Sts, older.Organizations[organization.Key].Sts));
    }

    [Fact]
    public async Task Summaries_add_up_days_and_answer_errors_clearly()
    {
        var reports = FreshStore();
        await TenantAsync("example.com");
        var ingestor = Ingestor(reports);
        foreach (var file in new[] { "tlsrpt-digest/tlsrpt_success_google_1.eml", "tlsrpt-digest/tlsrpt_success_google_2.eml", "tlsrpt-digest/tlsrpt_success_microsoft.eml", "tlsrpt-digest/tlsrpt_failure.eml" })
        {
            await ingestor.IngestAsync(Read(file), Path.GetFileName(file), "email", default);
        }

        var (summary, _, _) = await Summaries(reports).GetAsync("example.com", "2026-01-01", "2026-12-31", default);

        Assert.True(summary!.ReportCount >= 3);
        Assert.Equal(summary.Days.Sum(d => d.Reports), summary.ReportCount);
        Assert.Equal(summary.Days.Sum(d => d.Failed), summary.Totals.Failed);
        Assert.True(summary.Totals.Failed > 0);
        Assert.Equal(summary.Totals.Failed, summary.FailuresByResultType.Values.Sum());
        Assert.Contains("Google Inc. (unverified)", summary.FailuresByOrganization.Keys); // the test mails' DKIM keys are not in DNS here

        Assert.NotEmpty((await Summaries(reports).GetAsync("example.com", "2026-13-01", null, default)).Errors);
        Assert.NotEmpty((await Summaries(reports).GetAsync("example.com", "2026-02-01", "2026-01-01", default)).Errors);
        Assert.NotEmpty((await Summaries(reports).GetAsync("example.com", "2024-01-01", "2026-01-01", default)).Errors);
        Assert.Equal(MtaSts.Core.Admin.AdminOutcome.NotFound, (await Summaries(reports).GetAsync("nobody.example", null, null, default)).Outcome);
    }

    [Fact]
    public async Task Inbox_blobs_move_to_archive_or_rejected_with_the_reason_and_are_then_deleted()
    {
        var reports = FreshStore();
        await TenantAsync("example.com");
        using var metrics = new MtaSts.Core.Telemetry.MtaStsMetrics();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var forwarder = new MtaSts.Core.Telemetry.MeasurementForwarder((name, value, tags) => seen.AddOrUpdate($"{name}{{{tags}}}", value, (_, total) => total + value), metrics.Meter);
        var processor = new InboxProcessor(azurite.Blobs, Ingestor(reports), Options.Create(new ReportOptions { MaxCompressedBytes = 64 * 1024 }), time, NullLogger<InboxProcessor>.Instance, metrics);
        var inbox = azurite.Blobs.GetBlobContainerClient(ReportContainers.Inbox);
        await inbox.CreateIfNotExistsAsync();
        var good = $"good-{Guid.NewGuid():N}.eml";
        var bad = $"bad-{Guid.NewGuid():N}.eml";
        var huge = $"huge-{Guid.NewGuid():N}.json";
        await inbox.UploadBlobAsync(good, BinaryData.FromBytes(Read("stalwart-mail-auth/rpt02.eml")));
        await inbox.UploadBlobAsync(bad, BinaryData.FromString("From: a@example.com\r\nSubject: lunch\r\n\r\nTomorrow?\r\n"));
        await inbox.UploadBlobAsync(huge, BinaryData.FromBytes(new byte[70 * 1024]));

        Assert.Equal(ReportContainers.Archive, await processor.ProcessAsync(good, default));
        Assert.Equal(ReportContainers.Rejected, await processor.ProcessAsync(bad, default));
        Assert.Equal(ReportContainers.Rejected, await processor.ProcessAsync(huge, default));
        Assert.Null(await processor.ProcessAsync(good, default));

        Assert.False(await inbox.GetBlobClient(good).ExistsAsync());
        Assert.False(await inbox.GetBlobClient(bad).ExistsAsync());
        var archived = await azurite.Blobs.GetBlobContainerClient(ReportContainers.Archive).GetBlobClient(good).DownloadContentAsync();
        Assert.Equal(Read("stalwart-mail-auth/rpt02.eml"), archived.Value.Content.ToArray());
        Assert.StartsWith("stored 1", archived.Value.Details.Metadata["result"], StringComparison.Ordinal);
        BlobProperties rejected = await azurite.Blobs.GetBlobContainerClient(ReportContainers.Rejected).GetBlobClient(bad).GetPropertiesAsync();
        Assert.Contains("ordinary e-mail", rejected.Metadata["reason"], StringComparison.Ordinal);
        BlobProperties tooLarge = await azurite.Blobs.GetBlobContainerClient(ReportContainers.Rejected).GetBlobClient(huge).GetPropertiesAsync();
        Assert.Equal(70 * 1024, tooLarge.ContentLength);
        Assert.Contains("MaxCompressedBytes", tooLarge.Metadata["reason"], StringComparison.Ordinal);
        Assert.Equal(1, seen["mtasts.reports{outcome=stored,reason=none}"]);
        Assert.Equal(0, seen["mtasts.reports{outcome=duplicate,reason=none}"]);
        Assert.Equal(1, seen["mtasts.reports{outcome=refused,reason=not-a-report}"]);
        Assert.Equal(1, seen["mtasts.reports{outcome=refused,reason=too-large}"]);
        Assert.Equal(0, seen["mtasts.reports{outcome=refused,reason=quota}"]);
    }
}
