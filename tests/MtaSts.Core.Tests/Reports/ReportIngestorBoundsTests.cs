using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Reports;

/// <summary>The ingestor at its bounds: a quota refusal only when every tenant's day is full, and failure rows kept as sent up to the limit.</summary>
public sealed class ReportIngestorBoundsTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryTlsReportStore store = new();

    public ReportIngestorBoundsTests()
    {
        foreach (var domain in new[] { "victim.example", "other.example" })
        {
            tenants.AddAsync(new Tenant { Domain = domain, Policy = new StsPolicy(PolicyMode.Testing, ["mx." + domain], 86400), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default).Wait();
        }
    }

    private ReportIngestor Ingestor(int perDay = 1000) =>
        new(
            new ReportInputParser(Options.Create(new ReportOptions { Dkim = DkimMode.Off }), new DkimChecker(Options.Create(new ReportOptions { Dkim = DkimMode.Off }))),
            tenants,
            store,
            time,
            Options.Create(new ReportOptions { Dkim = DkimMode.Off, MaxReportsPerTenantDay = perDay, MaxReportsPerSignerDay = perDay }),
            NullLogger<ReportIngestor>.Instance);

    private static byte[] TwoDomains(string id) => Encoding.UTF8.GetBytes($$$"""
        {"organization-name":"Org","report-id":"{{{id}}}","date-range":{"start-datetime":"2026-11-28T00:00:00Z","end-datetime":"2026-11-28T23:59:59Z"},
         "policies":[
          {"policy":{"policy-type":"sts","policy-domain":"victim.example"},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}},
          {"policy":{"policy-type":"sts","policy-domain":"other.example"},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]}
        """);

    [Fact]
    public async Task A_report_is_refused_for_quota_only_when_every_tenant_it_names_is_full()
    {
        await Ingestor(perDay: 1).IngestAsync(ReportJson.For(id: "fills-victim"), "a.json", "https", default);

        var partly = await Ingestor(perDay: 1).IngestAsync(TwoDomains("both"), "b.json", "https", default);

        Assert.Equal((1, 1), (partly.Stored, partly.OverQuota));
        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => Ingestor(perDay: 1).IngestAsync(TwoDomains("both-again"), "c.json", "https", default));
        Assert.Equal(ReportRefusedException.Quota, refused.Code);
        Assert.Contains("Reports:MaxReportsPerTenantDay 1", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReportIngestor.MaxFailureRows, ReportIngestor.MaxFailureRows)]
    [InlineData(ReportIngestor.MaxFailureRows + 1, 2)]
    public async Task Failure_rows_are_kept_as_sent_up_to_the_limit_and_summed_by_type_and_mx_beyond(int details, int rows)
    {
        var failures = Enumerable.Range(0, details).Select(i => (i % 2 == 0 ? "certificate-expired" : "starttls-not-supported", "mx.victim.example", 1L)).ToArray();

        await Ingestor().IngestAsync(ReportJson.For(failures: failures), "f.json", "https", default);

        var stored = store.FailuresOf(Assert.Single(store.Reports));
        Assert.Equal(rows, stored.Count);
        Assert.Equal(details, stored.Sum(f => f.FailedSessionCount));
    }
}
