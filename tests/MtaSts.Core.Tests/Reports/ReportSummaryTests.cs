using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;
using static MtaSts.Core.Tests.Reports.StoredReports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>The summary counts the evidence, shows every provenance and the conflicts, and never overflows (issue #11, defects 2 and 3).</summary>
public sealed class ReportSummaryTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryTlsReportStore store = new();

    public ReportSummaryTests() =>
        tenants.AddAsync(new Tenant { Domain = "victim.example", Policy = new StsPolicy(PolicyMode.Testing, ["mx.victim.example"], 86400), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default).Wait();

    private ReportSummaryService Service(string evidence = Provenance.DefaultEvidence) => new(tenants, store, time, Options.Create(new ReportOptions { Evidence = evidence }));

    private async Task<ReportSummaryView> SummaryAsync(string evidence = Provenance.DefaultEvidence) =>
        (await Service(evidence).GetAsync("victim.example", "2026-11-01", "2026-11-29", default)).Summary!;

    [Fact]
    public async Task Headline_numbers_count_the_evidence_and_every_class_is_shown_beside_them()
    {
        await store.AddAsync(Report(Provenance.EmailAligned, content: "a", id: "1", org: "Google Inc.", successful: 100, failed: 4, failures: new FailureCount("certificate-expired", "mx1", 4)), [], new ReportQuota(1000, 1000), default);
        await store.AddAsync(Report(Provenance.Https, content: "b", id: "2", org: "Microsoft", successful: 50, failed: 1, failures: new FailureCount("starttls-not-supported", "mx2", 1)), [], new ReportQuota(1000, 1000), default);
        await store.AddAsync(Report(Provenance.EmailNone, content: "c", id: "3", org: "Unsigned Ltd", successful: 7, failed: 7, failures: new FailureCount("validation-failure", "mx3", 7)), [], new ReportQuota(1000, 1000), default);

        var summary = await SummaryAsync();

        Assert.Equal(["email-dkim-aligned", "https"], summary.Evidence);
        Assert.Equal((2, new SessionTotals(150, 5)), (summary.ReportCount, summary.Totals));
        Assert.Equal(new Dictionary<string, long> { ["certificate-expired"] = 4, ["starttls-not-supported"] = 1 }, summary.FailuresByResultType);
        Assert.Equal(new Dictionary<string, long> { ["mx1"] = 4, ["mx2"] = 1 }, summary.FailuresByReceivingMx);
        Assert.Equal(new Dictionary<string, long> { ["Google Inc. (d=google.com)"] = 4, ["Microsoft (unverified)"] = 1 }, summary.FailuresByOrganization);
        Assert.Equal(new ProvenanceTotals(1, 100, 4), summary.SessionsByOrganization["Google Inc. (d=google.com)"]);
        Assert.Equal(new ProvenanceTotals(1, 7, 7), summary.ByProvenance[Provenance.EmailNone]);
        var day = Assert.Single(summary.Days);
        Assert.Equal((Day, 2, 150L, 5L), (day.Date, day.Reports, day.Successful, day.Failed));
        Assert.Equal(3, day.ByProvenance.Count);

        var all = await SummaryAsync(string.Join(',', Provenance.All));
        Assert.Equal((3, new SessionTotals(157, 12)), (all.ReportCount, all.Totals));
    }

    [Fact]
    public async Task Conflicts_are_named_and_counted_apart_never_as_evidence()
    {
        await store.AddAsync(Report(content: "forged", successful: 100000), [], new ReportQuota(1000, 1000), default);
        await store.AddAsync(Report(content: "genuine", successful: 900, failed: 100), [], new ReportQuota(1000, 1000), default);

        var summary = await SummaryAsync();

        Assert.Equal((0, new SessionTotals(0, 0)), (summary.ReportCount, summary.Totals));
        Assert.Equal(new ProvenanceTotals(2, 100900, 100), summary.ByProvenance[Provenance.Conflict]);
        Assert.Equal(new ConflictView(Day, "Google Inc.", "id-1", Provenance.Https), Assert.Single(summary.Conflicts));
    }

    [Fact]
    public void Sums_over_many_days_saturate_instead_of_overflowing()
    {
        var days = Enumerable.Range(0, 3).Select(i =>
        {
            var day = new DaySummary("victim.example", Day.AddDays(i));
            day.Class(Provenance.Https).Apply("o", new ReportContribution(long.MaxValue, long.MaxValue, [new FailureCount("t", "m", long.MaxValue)]), +1);
            return day;
        }).ToArray();

        var summary = ReportSummaryService.Summarize("victim.example", Day, Day.AddDays(2), days, new HashSet<string> { Provenance.Https });

        Assert.Equal(new SessionTotals(long.MaxValue, long.MaxValue), summary.Totals);
        Assert.Equal(long.MaxValue, summary.FailuresByResultType["t"]);
        Assert.Equal(new ProvenanceTotals(3, long.MaxValue, long.MaxValue), summary.ByProvenance[Provenance.Https]);
    }

    [Fact]
    public async Task Ranges_and_tenants_are_checked()
    {
        Assert.Equal(AdminOutcome.NotFound, (await Service().GetAsync("nobody.example", null, null, default)).Outcome);
        Assert.Equal(["from is after to"], (await Service().GetAsync("victim.example", "2026-11-02", "2026-11-01", default)).Errors);
        Assert.Equal(["the range is longer than 366 days"], (await Service().GetAsync("victim.example", "2025-11-28", "2026-11-29", default)).Errors);
        Assert.Equal(AdminOutcome.Found, (await Service().GetAsync("victim.example", "2025-11-29", "2026-11-29", default)).Outcome);
        Assert.Equal(["to must be a date as YYYY-MM-DD"], (await Service().GetAsync("victim.example", null, "29/11/2026", default)).Errors);
        var defaults = (await Service().GetAsync("victim.example", null, null, default)).Summary!;
        Assert.Equal((new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 29)), (defaults.From, defaults.To));
    }
}
