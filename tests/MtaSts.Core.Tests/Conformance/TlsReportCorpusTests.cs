using MtaSts.Core.Reports;
using MtaSts.Core.Tests.Conformance.TlsReports;

namespace MtaSts.Core.Tests.Conformance;

/// <summary>
/// Every file of <c>tlsrpt/</c> against its entry in <c>EXPECTATIONS.json</c>, one case per file or entry (a file
/// without an entry, or an entry without a file, fails as a case of its own). The verdict is read from the entry's
/// prose (<see cref="ExpectedVerdict"/>); an accepted report must hold exactly the JSON in the file, up to the documented
/// normalisations, and be stored for its policy domains. Then each claim the entry makes is checked
/// (<see cref="TlsReportClaims"/>).
/// </summary>
public sealed class TlsReportCorpusTests
{
    /// <summary>Where the source accepts and we refuse: the category we refuse with, and why (the case is named <c>DIFFERS: ...</c>).</summary>
    public static readonly IReadOnlyDictionary<string, (string RefusedAs, string Why)> Deviations = new Dictionary<string, (string, string)>
    {
        ["stalwart-mail-auth/rpt03.json"] = (ReportRefusedException.Invalid, "policy-type 'invalid-policy-type' is not one RFC 8460 §4.3 defines, and the policies lack the policy-domain and total-failure-session-count it requires; the corpus note says a strict ingester should reject it"),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in TlsReportCorpus.Cases)
        {
            data.Add(Label(file), file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Corpus_file(string @case, string file)
    {
        var entries = TlsReportCorpus.Expectations.Where(e => e.File == file).ToArray();
        Assert.True(entries.Length == 1, $"{@case}: EXPECTATIONS.json has {entries.Length} entries for this file; it needs exactly one");
        Assert.True(TlsReportCorpus.Exists(file), $"{@case}: EXPECTATIONS.json names a file the corpus does not hold");
        Assert.True(TlsReportClaims.ByFile.TryGetValue(file, out var claims), $"{@case}: add the entry's claims to {nameof(TlsReportClaims)}");

        var verdict = ExpectedVerdict.FromProse(entries[0].Expected);
        var outcome = await TlsReportOutcome.ParseFileAsync(file);
        if (Deviations.TryGetValue(file, out var deviation))
        {
            Assert.True(verdict.Accepts, $"{@case}: the source no longer accepts the file ({verdict}); remove the deviation");
            Assert.True(outcome.Refusal?.Code == deviation.RefusedAs, $"{@case}: we should refuse as {deviation.RefusedAs}; {(outcome.Refusal is { } r ? $"we refuse as {r.Code}: {r.Message}" : "we accept")}");
        }
        else
        {
            await outcome.AssertVerdictAsync(verdict, TlsReportClaims.TenantsFor(file));
        }

        foreach (var claim in claims)
        {
            await claim.AssertAsync(outcome);
        }
    }

    [Fact]
    public void Every_claim_belongs_to_an_expectation() =>
        Assert.Empty(TlsReportClaims.ByFile.Keys.Except(TlsReportCorpus.Expectations.Select(e => e.File)));

    private static string Label(string file)
    {
        var entries = TlsReportCorpus.Expectations.Where(e => e.File == file).ToArray();
        if (entries.Length != 1)
        {
            return $"{file}: {entries.Length} entries in EXPECTATIONS.json";
        }

        if (!TlsReportCorpus.Exists(file))
        {
            return $"{file}: MISSING, but named in EXPECTATIONS.json";
        }

        var entry = entries[0];
        return Deviations.TryGetValue(file, out var deviation)
            ? $"DIFFERS: we refuse {file} ({entry.Repo} accepts it): {deviation.Why}"
            : $"{file} ({entry.Repo}): {entry.Expected}";
    }
}
