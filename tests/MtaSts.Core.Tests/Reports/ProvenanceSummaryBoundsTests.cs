using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>
/// A provenance class of a day at its edges: emptiness, taking a report away exactly as it was added (sign 0 counts as
/// adding), a removal whose breakdown entry was folded into "other", and the organization bound at exactly fifty.
/// From the mutants dotnet-stryker found alive in <see cref="ProvenanceSummary"/>.
/// </summary>
public sealed class ProvenanceSummaryBoundsTests
{
    private static ReportContribution Contribution(long ok, long failed, params (string Type, string Mx, long Count)[] failures) =>
        new(ok, failed, [.. failures.Select(f => new FailureCount(f.Type, f.Mx, f.Count))]);

    [Fact]
    public void A_summary_is_empty_only_with_no_reports_and_no_sessions()
    {
        Assert.True(ProvenanceSummary.From(0, 0, 0, [], [], 0).IsEmpty);
        Assert.False(ProvenanceSummary.From(1, 0, 0, [], [], 0).IsEmpty);
        Assert.False(ProvenanceSummary.From(0, 5, 0, [], [], 0).IsEmpty);
        Assert.False(ProvenanceSummary.From(0, 0, 5, [], [], 0).IsEmpty);
        Assert.False(ProvenanceSummary.From(0, 0, 0, [], [], 5).IsEmpty);
        Assert.Throws<ArgumentNullException>(() => ProvenanceSummary.From(0, 0, 0, null!, [], 0));
        Assert.Throws<ArgumentNullException>(() => ProvenanceSummary.From(0, 0, 0, [], null!, 0));
        Assert.Throws<ArgumentNullException>(() => new ProvenanceSummary().Apply(null!, Contribution(1, 0), 1));
        Assert.Throws<ArgumentNullException>(() => new ProvenanceSummary().Apply("Org", null!, 1));
    }

    [Fact]
    public void Sign_zero_adds_and_a_removal_undoes_an_addition_exactly()
    {
        var summary = new ProvenanceSummary();
        var report = Contribution(10, 3, ("certificate-expired", "mx", 3));

        summary.Apply("Org", report, 0);
        Assert.Equal((1, 10L, 3L), (summary.Reports, summary.Successful, summary.Failed));
        Assert.Equal(3, Assert.Single(summary.Failures).Count);

        summary.Apply("Org", report, -1);
        Assert.True(summary.IsEmpty);
        Assert.Empty(summary.Failures);
        Assert.Empty(summary.Organizations);
    }

    [Fact]
    public void A_removed_report_whose_entries_were_folded_comes_out_of_other()
    {
        var summary = new ProvenanceSummary();
        for (var i = 0; i < 60; i++)
        {
            summary.Apply($"Org{i:00}", Contribution(100 - i, 100 - i, ($"t{i:00}", "mx", 100 - i)), 1);
        }

        var smallest = Contribution(41, 41, ("t59", "mx", 41));
        Assert.DoesNotContain(summary.Failures, f => f.ResultType == "t59");
        Assert.DoesNotContain("Org59", summary.Organizations.Keys);
        var otherBefore = summary.Failures.Single(f => f.ResultType == FailureCount.Other).Count;
        var organizationsOtherBefore = summary.Organizations[FailureCount.Other];

        summary.Apply("Org59", smallest, -1);

        Assert.Equal(otherBefore - 41, summary.Failures.Single(f => f.ResultType == FailureCount.Other).Count);
        Assert.Equal(organizationsOtherBefore.Reports - 1, summary.Organizations[FailureCount.Other].Reports);
        Assert.Equal(summary.Failed, summary.Failures.Sum(f => f.Count));
        Assert.Equal(summary.Reports, summary.Organizations.Values.Sum(o => o.Reports));
    }

    [Fact]
    public void Fifty_organizations_are_kept_by_name_and_the_fifty_first_folds()
    {
        var summary = new ProvenanceSummary();
        for (var i = 0; i < ProvenanceSummary.MaxOrganizations; i++)
        {
            summary.Apply($"Org{i:00}", Contribution(10, 0), 1);
        }

        Assert.Equal(ProvenanceSummary.MaxOrganizations, summary.Organizations.Count);
        Assert.DoesNotContain(FailureCount.Other, summary.Organizations.Keys);

        summary.Apply("Org50", Contribution(1, 0), 1);

        Assert.Equal(ProvenanceSummary.MaxOrganizations, summary.Organizations.Count);
        Assert.Contains(FailureCount.Other, summary.Organizations.Keys);
        Assert.Equal(51, summary.Organizations.Values.Sum(o => o.Reports));
    }

    [Fact]
    public void A_summary_read_back_from_storage_is_folded_to_its_bounds()
    {
        var failures = Enumerable.Range(0, 70).Select(i => new FailureCount($"t{i:00}", "mx", i + 1)).ToList();
        var organizations = Enumerable.Range(0, 70).Select(i => new KeyValuePair<string, OrganizationCounts>($"Org{i:00}", new OrganizationCounts(1, i, 0, i))).ToList();

        var summary = ProvenanceSummary.From(70, 100, failures.Sum(f => f.Count), failures, organizations, 100);

        Assert.Equal(ReportContribution.MaxFailureEntries, summary.Failures.Count);
        Assert.Equal(ProvenanceSummary.MaxOrganizations, summary.Organizations.Count);
        Assert.Equal(failures.Sum(f => f.Count), summary.Failures.Sum(f => f.Count));
        Assert.Equal(70, summary.Organizations.Values.Sum(o => o.Reports));
    }
}
