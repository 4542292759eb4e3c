using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>Bounded, exact day breakdowns (issue #11, defect 3): however many names a day sees, its row stays small and its totals exact.</summary>
public sealed class ProvenanceSummaryTests
{
    [Fact]
    public void Breakdowns_are_folded_at_their_bounds_and_totals_stay_exact()
    {
        var summary = new ProvenanceSummary();
        for (var i = 0; i < 300; i++)
        {
            summary.Apply("org " + i, new ReportContribution(1, 2, [new FailureCount("validation-failure", "mx" + i, 2)]), +1);
        }

        Assert.Equal((300, 300L, 600L), (summary.Reports, summary.Successful, summary.Failed));
        Assert.Equal(ReportContribution.MaxFailureEntries, summary.Failures.Count);
        Assert.Equal(600, summary.Failures.Sum(f => f.Count));
        Assert.Contains(summary.Failures, f => f.ResultType == FailureCount.Other);
        Assert.Equal(ProvenanceSummary.MaxOrganizations, summary.Organizations.Count);
        Assert.Equal(300, summary.Organizations.Values.Sum(o => o.Reports));
        Assert.Equal(600, summary.Organizations.Values.Sum(o => o.Failed));
    }

    /// <summary>
    /// Review of #11: entry counts bounded the breakdowns, but JSON escaping can make each character six, so 50 MX names
    /// of 253 escaped characters made one property about 80,000 characters, past the Table limit (32K), and a day row
    /// with several classes past 1 MiB. Every breakdown now also fits <see cref="StoredJson.MaxPropertyChars"/>.
    /// </summary>
    [Theory]
    [InlineData('\uFFFF')] // a noncharacter: escaped as \uFFFF
    [InlineData('"')]
    [InlineData('\\')]
    [InlineData('\u0378')] // unassigned
    [InlineData('\u00e9')]
    public void Breakdowns_fit_their_property_whatever_the_characters(char worst)
    {
        var summary = new ProvenanceSummary();
        for (var i = 0; i < 300; i++)
        {
            var mx = StoredText.Clean(i + new string(worst, 300), StoredText.MaxHostName);
            var org = StoredText.Clean(i + new string(worst, 300), StoredText.MaxName);
            var type = StoredText.Clean(i + new string(worst, 300), StoredText.MaxResultType);
            summary.Apply(org, new ReportContribution(1, 2, [new FailureCount(type, mx, 2)]), +1);
        }

        Assert.InRange(StoredJson.Failures(summary.Failures).Length, 1, StoredJson.MaxPropertyChars);
        Assert.InRange(StoredJson.Organizations(summary.Organizations).Length, 1, StoredJson.MaxPropertyChars);
        Assert.Equal((300, 600L), (summary.Organizations.Values.Sum(o => o.Reports), summary.Failures.Sum(f => f.Count)));
        var contribution = ReportContribution.Of([new TlsReportPolicy("sts", [], "victim.example", [], 0, 600, Enumerable.Range(0, 300).Select(i => new TlsFailureDetail(i + new string(worst, 80), null, i + new string(worst, 300), null, null, 2, null, null, new Dictionary<string, System.Text.Json.JsonElement>())).ToList(), new Dictionary<string, System.Text.Json.JsonElement>())]);
        Assert.InRange(StoredJson.Failures(contribution.Failures).Length, 1, StoredJson.MaxPropertyChars);
        Assert.Equal(600, contribution.Failures.Sum(f => f.Count));
    }

    [Fact]
    public void Taking_away_a_report_undoes_it_even_after_its_entries_were_folded()
    {
        var summary = new ProvenanceSummary();
        var contributions = Enumerable.Range(0, 100).Select(i => new ReportContribution(5, 1, [new FailureCount("t", "mx" + i, 1)]) { Sts = i % 7 }).ToArray();
        for (var i = 0; i < contributions.Length; i++)
        {
            summary.Apply("org" + i, contributions[i], +1);
        }

        for (var i = 0; i < contributions.Length; i++)
        {
            summary.Apply("org" + i, contributions[i], -1);
        }

        Assert.True(summary.IsEmpty);
        Assert.Equal(0, summary.Sts);
        Assert.Empty(summary.Failures);
        Assert.Empty(summary.Organizations);
    }

    [Fact]
    public void Counts_saturate_and_never_go_below_zero()
    {
        var summary = new ProvenanceSummary();
        summary.Apply("a", new ReportContribution(long.MaxValue, long.MaxValue, [new FailureCount("t", "m", long.MaxValue)]), +1);
        summary.Apply("a", new ReportContribution(long.MaxValue, 5, [new FailureCount("t", "m", 5)]), +1);

        Assert.Equal((long.MaxValue, long.MaxValue), (summary.Successful, summary.Failed));
        summary.Apply("b", new ReportContribution(1, 1, [new FailureCount("x", "y", 1)]), -1);
        summary.Apply("b", new ReportContribution(1, 1, [new FailureCount("x", "y", 1)]), -1);
        Assert.Equal(0, new ProvenanceSummary { }.Reports);
    }

    [Fact]
    public void Sts_sessions_are_counted_per_class_and_organization_and_taken_away_with_their_report()
    {
        var report = ReportContribution.Of([
            new TlsReportPolicy("sts", [], "example.com", [], 3, 1, [], new Dictionary<string, System.Text.Json.JsonElement>()),
            new TlsReportPolicy("no-policy-found", [], "example.com", [], 10, 2, [], new Dictionary<string, System.Text.Json.JsonElement>()),
            new TlsReportPolicy("tlsa", [], "example.com", [], 4, 0, [], new Dictionary<string, System.Text.Json.JsonElement>()),
            new TlsReportPolicy("sts", [], "example.com", [], 1, 0, [], new Dictionary<string, System.Text.Json.JsonElement>()),
        ]);
        Assert.Equal((18L, 3L, 5L), (report.Successful, report.Failed, report.Sts));

        var summary = new ProvenanceSummary();
        summary.Apply("Google", report, +1);
        summary.Apply("Microsoft", new ReportContribution(2, 0, []) { Sts = 2 }, +1);
        Assert.Equal(7, summary.Sts);
        Assert.Equal(new OrganizationCounts(1, 18, 3, 5), summary.Organizations["Google"]);

        summary.Apply("Google", report, -1);
        Assert.Equal(2, summary.Sts);
        Assert.False(summary.Organizations.ContainsKey("Google"));
        Assert.Equal(long.MaxValue, ReportContribution.Of([new TlsReportPolicy("sts", [], "example.com", [], long.MaxValue, long.MaxValue, [], new Dictionary<string, System.Text.Json.JsonElement>())]).Sts);
    }

    [Fact]
    public void From_restores_what_was_stored()
    {
        var summary = ProvenanceSummary.From(3, 10, 4, [new FailureCount("a", "m", 3), new FailureCount("a", "m", 1)], [KeyValuePair.Create("o", new OrganizationCounts(3, 10, 4, 9))], 9);

        Assert.Equal((3, 10L, 4L, 9L), (summary.Reports, summary.Successful, summary.Failed, summary.Sts));
        Assert.Equal([new FailureCount("a", "m", 4)], summary.Failures);
        Assert.Equal(new OrganizationCounts(3, 10, 4, 9), summary.Organizations["o"]);
        Assert.True(ProvenanceSummary.From(-1, -5, -5, [], [], -5).IsEmpty);
        Assert.Equal(0, ProvenanceSummary.From(-1, -5, -5, [], [], -5).Sts);
    }

    [Theory]
    [InlineData(1, 2, 3)]
    [InlineData(long.MaxValue, 1, long.MaxValue)]
    [InlineData(-5, 2, 2)]
    [InlineData(2, -5, 2)]
    public void Saturating_add(long a, long b, long sum) => Assert.Equal(sum, SaturatingCount.Add(a, b));

    [Theory]
    [InlineData(5, 2, 3)]
    [InlineData(2, 5, 0)]
    [InlineData(-1, 1, 0)]
    [InlineData(5, -1, 5)]
    public void Saturating_subtract(long a, long b, long difference) => Assert.Equal(difference, SaturatingCount.Subtract(a, b));

    [Fact]
    public void Stored_text_is_bounded_and_encodable()
    {
        Assert.Null(StoredText.Clean(null, 5));
        Assert.Equal("abc", StoredText.Clean("abcdef", 3));
        Assert.Equal("a?b", StoredText.Clean("a\nb", 10));
        Assert.Equal("a?", StoredText.Clean("a\U0001F512", 2));
        Assert.Equal("a\U0001F512", StoredText.Clean("a\U0001F512", 3));
        Assert.Equal("?x", StoredText.Clean("\uDC00x", 10));
    }
}
