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

    private async Task<StoreOutcome> AddAsync(StoredReport report, int quota = 1000, int perSigner = 1000) => await store.AddAsync(report, [], new ReportQuota(quota, Math.Min(quota, perSigner)), default);

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

    /// <summary>
    /// Review of #11: the strongest anonymous report used to win, but anyone can produce a DKIM pass with a domain of
    /// their own, so an unaligned pass (or HTTPS over a failed signature) is no better evidence than the other.
    /// </summary>
    [Theory]
    [InlineData(Provenance.EmailPass, Provenance.Https)]
    [InlineData(Provenance.Https, Provenance.EmailFail)]
    [InlineData(Provenance.EmailFail, Provenance.EmailNone)]
    public async Task Anonymous_reports_that_disagree_all_conflict_whatever_their_class(string first, string second)
    {
        await AddAsync(Report(first, content: "a"));
        await AddAsync(Report(second, content: "b"));

        Assert.All(store.Reports, r => Assert.Equal(StoredReport.Conflicting, r.Status));
        Assert.Equal(2, Today().Class(Provenance.Conflict).Reports);
    }

    /// <summary>
    /// Review of #11: an aligned report demoted every anonymous one, so an attacker with a DKIM domain of its own could
    /// do what an anonymous POST already can (make a disagreeing anonymous report a visible conflict) and no more;
    /// but an aligned report of one signer never demotes another signer's, whichever came first.
    /// </summary>
    [Fact]
    public async Task An_aligned_report_is_never_demoted_by_another_identity()
    {
        await AddAsync(Report(Provenance.EmailAligned, content: "google", signer: "google.com", successful: 900));
        await AddAsync(Report(Provenance.Https, content: "forged", successful: 5));
        await AddAsync(Report(Provenance.EmailPass, content: "passed", signer: "google.com", successful: 6));
        await AddAsync(Report(Provenance.EmailAligned, content: "evil", signer: "evil.example", successful: 7));

        Assert.Equal(StoredReport.Counted, Row("google").Status);
        Assert.Equal(StoredReport.Counted, Row("evil").Status);
        Assert.Equal(StoredReport.Conflicting, Row("forged").Status);
        Assert.Equal(StoredReport.Conflicting, Row("passed").Status);
        Assert.Equal((2, 907L), (Today().Class(Provenance.EmailAligned).Reports, Today().Class(Provenance.EmailAligned).Successful));
        Assert.Equal((2, 11L), (Today().Class(Provenance.Conflict).Reports, Today().Class(Provenance.Conflict).Successful));
    }

    /// <summary>An aligned report proves who signed it, not which organization that is: breakdowns name both.</summary>
    [Fact]
    public async Task Breakdowns_name_the_signer_of_a_signed_report_beside_the_organization_it_claims()
    {
        await AddAsync(Report(Provenance.EmailAligned, content: "google", signer: "google.com"));
        await AddAsync(Report(Provenance.EmailAligned, content: "evil", signer: "evil.example"));
        await AddAsync(Report(Provenance.Https, id: "id-2"));

        Assert.Equal(["Google Inc. (d=evil.example)", "Google Inc. (d=google.com)"], Today().Class(Provenance.EmailAligned).Organizations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Google Inc. (unverified)"], Today().Class(Provenance.Https).Organizations.Keys);
    }

    /// <summary>Review of #11: anonymous reports used up the one daily cap, so a flood of POSTs kept signed reports out.</summary>
    [Fact]
    public async Task Anonymous_reports_cannot_use_up_the_room_of_aligned_ones()
    {
        for (var i = 0; i < 3; i++)
        {
            await AddAsync(Report(Provenance.Https, content: $"h{i}", id: $"h{i}"), quota: 3);
        }

        Assert.Equal(StoreOutcome.OverQuota, await AddAsync(Report(Provenance.EmailNone, content: "n", id: "n"), quota: 3));
        Assert.Equal(StoreOutcome.Stored, await AddAsync(Report(Provenance.EmailAligned, content: "a0", id: "a0"), quota: 3));
        Assert.Equal(StoreOutcome.Stored, await AddAsync(Report(Provenance.EmailAligned, content: "a1", id: "a1"), quota: 3));
        Assert.Equal(StoreOutcome.Stored, await AddAsync(Report(Provenance.EmailAligned, content: "a2", id: "a2"), quota: 3));
        Assert.Equal(StoreOutcome.OverQuota, await AddAsync(Report(Provenance.EmailAligned, content: "a3", id: "a3"), quota: 3));
        Assert.Equal((6, 3), (Today().Received, Today().ReceivedAligned));
    }

    /// <summary>
    /// Review of #11: an upgrade moved the report's slot from the anonymous room to the aligned one without a check, so
    /// POST-then-sign cycles stored rows without end. An upgrade now takes an aligned slot and gives nothing back.
    /// </summary>
    [Fact]
    public async Task An_upgrade_takes_an_aligned_slot_and_gives_no_anonymous_one_back()
    {
        await AddAsync(Report(Provenance.Https, content: "same"), quota: 1);

        Assert.Equal(StoreOutcome.Duplicate, await AddAsync(Report(Provenance.EmailAligned, content: "same"), quota: 1));

        Assert.Equal((1, 1, 1), (Today().Received, Today().ReceivedAligned, Today().ReceivedAnonymous));
        Assert.Equal(Provenance.EmailAligned, Assert.Single(store.Reports).Provenance);
        Assert.Equal(StoreOutcome.OverQuota, await AddAsync(Report(Provenance.Https, content: "other", id: "id-2"), quota: 1));
    }

    [Fact]
    public async Task Without_aligned_room_a_copy_stays_as_it_was()
    {
        await AddAsync(Report(Provenance.EmailAligned, content: "a", id: "a"), quota: 1);
        await AddAsync(Report(Provenance.Https, content: "same", id: "b"), quota: 1);

        Assert.Equal(StoreOutcome.Duplicate, await AddAsync(Report(Provenance.EmailAligned, content: "same", id: "b"), quota: 1));

        Assert.Equal(Provenance.Https, Row("same").Provenance);
        Assert.Equal((2, 1, 1), (Today().Received, Today().ReceivedAligned, Today().ReceivedAnonymous));
    }

    /// <summary>
    /// Review of #11: anyone with DKIM keys of their own could fill the day's aligned room before Google's report came.
    /// One signing organization (subdomains included) now has a share of it.
    /// </summary>
    [Fact]
    public async Task One_signing_organization_cannot_use_up_the_aligned_room_of_the_others()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(StoreOutcome.Stored, await AddAsync(Report(Provenance.EmailAligned, content: $"e{i}", id: $"e{i}", signer: $"s{i}.evil.example"), perSigner: 3));
        }

        Assert.Equal(StoreOutcome.OverQuota, await AddAsync(Report(Provenance.EmailAligned, content: "e3", id: "e3", signer: "evil.example"), perSigner: 3));
        Assert.Equal(StoreOutcome.OverQuota, await AddAsync(Report(Provenance.EmailAligned, content: "e4", id: "e4", signer: "x.y.evil.example"), perSigner: 3));
        Assert.Equal(StoreOutcome.Stored, await AddAsync(Report(Provenance.EmailAligned, content: "g", id: "g", signer: "google.com"), perSigner: 3));
        Assert.Equal(StoreOutcome.Stored, await AddAsync(Report(Provenance.EmailAligned, content: "b", id: "b", signer: "mail.example.co.uk"), perSigner: 3));
        Assert.Equal(2, Today().Signers.Count(s => s.Value == 1));
        Assert.Equal(3, Today().Signers.Values.Max());
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
