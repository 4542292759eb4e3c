using MtaSts.Core.Reports;
using MtaSts.Core.Tests.Support;
using static MtaSts.Core.Tests.Reports.StoredReports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>
/// The rules that decide how a report is stored among those with the same key (issue #11, defect 1), through the
/// in-memory store that applies plans with the Table store's conditional writes.
/// </summary>
public sealed class IngestPlannerTests
{
    private readonly InMemoryTlsReportStore store = new();

    private async Task<StoreOutcome> AddAsync(StoredReport report, int quota = 1000) => await store.AddAsync(report, [], quota, default);

    private DaySummary Today() => store.GetDaysAsync("victim.example", Day, Day, default).Result.Single();

    private StoredReport Row(string content) => store.Reports.Single(r => r.ContentHash.StartsWith(content, StringComparison.Ordinal));

    [Fact]
    public async Task The_same_content_again_is_a_replay_counted_once()
    {
        Assert.Equal(StoreOutcome.Stored, await AddAsync(Report()));
        Assert.Equal(StoreOutcome.Duplicate, await AddAsync(Report()));

        Assert.Single(store.Reports);
        Assert.Equal((1, 1, 10L), (Today().Received, Today().Class(Provenance.Https).Reports, Today().Class(Provenance.Https).Successful));
    }

    [Fact]
    public async Task A_stronger_copy_of_a_stored_report_upgrades_its_provenance_and_moves_its_numbers()
    {
        await AddAsync(Report(Provenance.Https, failed: 3, failures: new FailureCount("certificate-expired", "mx", 3)));

        Assert.Equal(StoreOutcome.Duplicate, await AddAsync(Report(Provenance.EmailAligned, failed: 3, failures: new FailureCount("certificate-expired", "mx", 3))));

        var row = Assert.Single(store.Reports);
        Assert.Equal((Provenance.EmailAligned, "google.com"), (row.Provenance, row.SigningDomain));
        Assert.True(Today().Class(Provenance.Https).IsEmpty);
        Assert.Equal((1, 3L), (Today().Class(Provenance.EmailAligned).Reports, Today().Class(Provenance.EmailAligned).Failed));
        Assert.Equal(1, Today().Received);
    }

    [Fact]
    public async Task A_weaker_copy_changes_nothing()
    {
        await AddAsync(Report(Provenance.EmailAligned));

        Assert.Equal(StoreOutcome.Duplicate, await AddAsync(Report(Provenance.Https)));

        Assert.Equal(Provenance.EmailAligned, Assert.Single(store.Reports).Provenance);
    }

    [Fact]
    public async Task Two_unauthenticated_reports_that_disagree_are_both_kept_apart()
    {
        await AddAsync(Report(content: "forged", successful: 100000));

        Assert.Equal(StoreOutcome.Conflict, await AddAsync(Report(content: "genuine", successful: 900, failed: 100, failures: new FailureCount("certificate-expired", "mx", 100))));

        Assert.All(store.Reports, r => Assert.Equal(StoredReport.Conflicting, r.Status));
        Assert.True(Today().Class(Provenance.Https).IsEmpty);
        var conflicts = Today().Class(Provenance.Conflict);
        Assert.Equal((2, 100900L, 100L), (conflicts.Reports, conflicts.Successful, conflicts.Failed));
        Assert.Equal(new ConflictItem("Google Inc.", "id-1", Provenance.Https), Assert.Single(Today().ConflictItems));
        Assert.Equal(2, Today().Received);
        Assert.NotEqual(Row("forged").RowKey, Row("genuine").RowKey);
    }

    [Fact]
    public async Task An_aligned_report_outranks_an_unauthenticated_one_whichever_came_first()
    {
        await AddAsync(Report(Provenance.Https, content: "forged", successful: 100000));

        Assert.Equal(StoreOutcome.Stored, await AddAsync(Report(Provenance.EmailAligned, content: "genuine", successful: 900)));

        Assert.Equal(StoredReport.Conflicting, Row("forged").Status);
        Assert.Equal(StoredReport.Counted, Row("genuine").Status);
        Assert.Equal(900, Today().Class(Provenance.EmailAligned).Successful);
        Assert.True(Today().Class(Provenance.Https).IsEmpty);
        Assert.Equal(100000, Today().Class(Provenance.Conflict).Successful);

        Assert.Equal(StoreOutcome.Conflict, await AddAsync(Report(Provenance.Https, content: "later", successful: 5)));
        Assert.Equal(900, Today().Class(Provenance.EmailAligned).Successful);
    }

    [Fact]
    public async Task Aligned_reports_of_different_signers_are_different_senders_and_both_count()
    {
        await AddAsync(Report(Provenance.EmailAligned, content: "google", signer: "google.com"));

        Assert.Equal(StoreOutcome.Stored, await AddAsync(Report(Provenance.EmailAligned, content: "evil", signer: "evil.example")));

        Assert.All(store.Reports, r => Assert.Equal(StoredReport.Counted, r.Status));
        Assert.Equal(2, Today().Class(Provenance.EmailAligned).Reports);
    }

    [Fact]
    public async Task Two_different_reports_from_one_aligned_signer_conflict()
    {
        await AddAsync(Report(Provenance.EmailAligned, content: "first"));

        Assert.Equal(StoreOutcome.Conflict, await AddAsync(Report(Provenance.EmailAligned, content: "second")));

        Assert.All(store.Reports, r => Assert.Equal(StoredReport.Conflicting, r.Status));
    }

    [Theory]
    [InlineData(Provenance.EmailPass, Provenance.Https, "a")]
    [InlineData(Provenance.Https, Provenance.EmailFail, "a")]
    [InlineData(Provenance.EmailFail, Provenance.EmailNone, "b")]
    public async Task Without_aligned_reports_the_single_strongest_counts(string first, string second, string winner)
    {
        await AddAsync(Report(first, content: "a"));
        await AddAsync(Report(second, content: "b"));

        Assert.Equal(StoredReport.Counted, Row(winner).Status);
        Assert.Equal(StoredReport.Conflicting, Row(winner == "a" ? "b" : "a").Status);
    }

    [Fact]
    public async Task A_full_day_takes_no_more_reports_but_replays_are_still_recognised()
    {
        await AddAsync(Report(content: "a", id: "1"), quota: 2);
        await AddAsync(Report(content: "b", id: "2"), quota: 2);

        Assert.Equal(StoreOutcome.OverQuota, await AddAsync(Report(content: "c", id: "3"), quota: 2));
        Assert.Equal(StoreOutcome.Duplicate, await AddAsync(Report(content: "a", id: "1"), quota: 2));
        Assert.Equal(2, store.Reports.Count);
    }

    [Fact]
    public async Task A_plan_raced_by_another_write_is_planned_again()
    {
        store.BeforeWrite = async () => await AddAsync(Report(content: "racer", id: "other"));

        Assert.Equal(StoreOutcome.Stored, await AddAsync(Report(content: "mine")));

        Assert.Equal((2, 2), (Today().Received, Today().Class(Provenance.Https).Reports));
    }

    [Fact]
    public void Resolve_counts_a_single_report_whatever_its_provenance()
    {
        Assert.Equal([StoredReport.Counted], IngestPlanner.Resolve([Report(Provenance.EmailFail)]));
    }
}
