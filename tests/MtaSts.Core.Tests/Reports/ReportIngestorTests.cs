using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Reports;

/// <summary>The ingestor's own rules, over in-memory stores: tenants, plausibility, quota, DKIM policy and parser errors.</summary>
public sealed class ReportIngestorTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryTlsReportStore store = new();

    public ReportIngestorTests() =>
        tenants.AddAsync(new Tenant { Domain = "victim.example", Policy = new StsPolicy(PolicyMode.Testing, ["mx.victim.example"], 86400), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default).Wait();

    private ReportIngestor Ingestor(ReportOptions? settings = null, ITlsReportStore? reports = null)
    {
        var options = Options.Create(settings ?? new ReportOptions { Dkim = DkimMode.Off });
        return new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, reports ?? store, time, options, NullLogger<ReportIngestor>.Instance);
    }

    [Fact]
    public async Task A_report_is_stored_with_its_provenance_content_hash_and_failures()
    {
        var result = await Ingestor().IngestAsync(ReportJson.For(failures: ("certificate-expired", "mx.victim.example", 3)), "r.json", "https", default);

        Assert.Equal((1, 0, 0, 0), (result.Stored, result.Duplicates, result.Conflicts, result.OverQuota));
        Assert.Equal(["victim.example"], result.Domains);
        var row = Assert.Single(store.Reports);
        Assert.Equal((Provenance.Https, "https", "r.json", time.GetUtcNow()), (row.Provenance, row.Channel, row.BlobName, row.ReceivedAt));
        Assert.Equal(64, row.ContentHash.Length);
        Assert.Equal(new ReportContribution(10, 3, [new FailureCount("certificate-expired", "mx.victim.example", 3)]), row.Contribution with { Failures = row.Contribution.Failures.ToArray() }, new ContributionComparer());
        Assert.Equal(3, Assert.Single(store.FailuresOf(row)).FailedSessionCount);
    }

    [Fact]
    public async Task The_same_report_with_other_failures_has_another_content_hash()
    {
        await Ingestor().IngestAsync(ReportJson.For(failures: ("certificate-expired", "mx.victim.example", 3)), "a.json", "https", default);
        var second = await Ingestor().IngestAsync(ReportJson.For(failures: ("certificate-expired", "mx2.victim.example", 3)), "b.json", "https", default);

        Assert.Equal(1, second.Conflicts);
        Assert.Equal(2, store.Reports.Select(r => r.ContentHash).Distinct().Count());
    }

    [Fact]
    public async Task Policies_for_other_domains_are_skipped_and_a_report_for_no_tenant_is_refused()
    {
        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => Ingestor().IngestAsync(ReportJson.For(domain: "stranger.example"), "x.json", "https", default));

        Assert.Equal(ReportRefusedException.NoTenant, refused.Code);
        Assert.Equal("no policy domain of the report is a tenant (stranger.example)", refused.Message);
        Assert.Empty(store.Reports);
    }

    [Theory]
    [InlineData("2025-10-24", true)]
    [InlineData("2025-10-25", false)]
    [InlineData("2026-12-01", false)]
    [InlineData("2026-12-02", true)]
    public async Task Report_days_must_be_plausible(string day, bool refused)
    {
        var ingest = () => Ingestor(new ReportOptions { Dkim = DkimMode.Off, MaxReportAgeDays = 400 }).IngestAsync(ReportJson.For(day: day), "d.json", "https", default);

        if (refused)
        {
            Assert.Contains("Reports:MaxReportAgeDays", (await Assert.ThrowsAsync<ReportRefusedException>(ingest)).Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(1, (await ingest()).Stored);
        }
    }

    [Fact]
    public async Task A_full_day_refuses_with_reason_quota()
    {
        var ingestor = Ingestor(new ReportOptions { Dkim = DkimMode.Off, MaxReportsPerTenantDay = 1 });
        await ingestor.IngestAsync(ReportJson.For(id: "1"), "1.json", "https", default);

        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => ingestor.IngestAsync(ReportJson.For(id: "2"), "2.json", "https", default));

        Assert.Equal(ReportRefusedException.Quota, refused.Code);
        Assert.Single(store.Reports);
    }

    [Fact]
    public async Task Dkim_require_refuses_what_is_not_e_mail()
    {
        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => Ingestor(new ReportOptions { Dkim = DkimMode.Require }).IngestAsync(ReportJson.For(), "r.json", "email", default));

        Assert.Equal(ReportRefusedException.Dkim, refused.Code);
        Assert.Contains("json over email", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_refusing_what_was_made_of_an_input_is_a_parser_error_not_a_retry()
    {
        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => Ingestor(reports: new RefusingStore()).IngestAsync(ReportJson.For(), "r.json", "https", default));

        Assert.Equal(ReportRefusedException.ParserError, refused.Code);
        Assert.StartsWith("storage refused what was made of this input (PropertyValueTooLarge: ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_storage_faults_propagate_so_the_input_is_retried()
    {
        await Assert.ThrowsAsync<RequestFailedException>(() => Ingestor(reports: new RefusingStore(503)).IngestAsync(ReportJson.For(), "r.json", "https", default));
    }

    [Fact]
    public async Task Content_the_parser_cannot_read_is_refused_not_thrown()
    {
        var bytes = ReportJson.For(org: "Org\u0007");
        bytes[Array.IndexOf(bytes, (byte)7)] = 0xFF;

        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => Ingestor().IngestAsync(bytes, "bad.json", "https", default));

        Assert.Contains("UTF-8", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Review of #11: anything else our storing code throws would be thrown again on every retry, for ever.</summary>
    [Fact]
    public async Task An_exception_of_our_own_while_storing_is_a_parser_error_and_transport_faults_are_retried()
    {
        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => Ingestor(reports: new RefusingStore(fault: new InvalidOperationException("a bug"))).IngestAsync(ReportJson.For(), "r.json", "https", default));
        Assert.Equal(ReportRefusedException.ParserError, refused.Code);
        Assert.Equal("our code failed storing this input (InvalidOperationException: a bug)", refused.Message);

        await Assert.ThrowsAsync<AggregateException>(() => Ingestor(reports: new RefusingStore(fault: new AggregateException(new RequestFailedException("connection refused")))).IngestAsync(ReportJson.For(), "r.json", "https", default));
        await Assert.ThrowsAsync<TimeoutException>(() => Ingestor(reports: new RefusingStore(fault: new TimeoutException())).IngestAsync(ReportJson.For(), "r.json", "https", default));
    }

    private sealed class RefusingStore(int status = 400, Exception? fault = null) : ITlsReportStore
    {
        public Task<StoreOutcome> AddAsync(StoredReport report, IReadOnlyList<StoredFailure> failures, ReportQuota quota, CancellationToken cancellationToken) =>
            throw fault ?? new RequestFailedException(status, "refused", "PropertyValueTooLarge", null);

        public Task<IReadOnlyList<DaySummary>> GetDaysAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DaySummary>>([]);
    }

    private sealed class ContributionComparer : IEqualityComparer<ReportContribution>
    {
        public bool Equals(ReportContribution? x, ReportContribution? y) =>
            x is not null && y is not null && x.Successful == y.Successful && x.Failed == y.Failed && x.Failures.SequenceEqual(y.Failures);

        public int GetHashCode(ReportContribution obj) => obj.Successful.GetHashCode();
    }
}
