using System.Text;
using System.Text.Json;
using MtaSts.Core.Tests.Conformance.TlsReports;

namespace MtaSts.Core.Tests.Conformance;

/// <summary>
/// Every message vector of <c>tlsrpt/vectors/</c> through the report parser: the verdict from the vector's
/// <c>expected</c> (accept, or reject with the library's error mapped to our refusal category), then each claim of
/// <see cref="TlsReportMessageVectorClaims"/>.
/// </summary>
public sealed class TlsReportMessageVectorTests
{
    public static TheoryData<string, string, string> Vectors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var file in TlsReportCorpus.VectorFiles)
        {
            foreach (var vector in ConformanceCorpus.Vectors("tlsrpt/" + file))
            {
                var id = vector.GetProperty("id").GetString()!;
                data.Add($"{id} ({vector.GetProperty("source").GetProperty("repo").GetString()}): {Verdict(vector)}", file, id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Message_vector(string @case, string file, string id)
    {
        var vector = ConformanceCorpus.Vector("tlsrpt/" + file, id);
        Assert.True(TlsReportMessageVectorClaims.ByVector.TryGetValue($"{file}#{id}", out var claims), $"{@case}: add the vector's claims to {nameof(TlsReportMessageVectorClaims)}");

        var outcome = await TlsReportOutcome.ParseAsync(Encoding.UTF8.GetBytes(vector.GetProperty("input").GetString()!), null);
        await outcome.AssertVerdictAsync(ExpectedVerdict.FromVector(vector.GetProperty("expected")), []);
        foreach (var claim in claims)
        {
            await claim.AssertAsync(outcome);
        }
    }

    [Fact]
    public void Every_claim_belongs_to_a_vector() => Assert.Empty(TlsReportMessageVectorClaims.ByVector.Keys.Except(
        TlsReportCorpus.VectorFiles.SelectMany(f => ConformanceCorpus.Vectors("tlsrpt/" + f).Select(v => $"{f}#{v.GetProperty("id").GetString()}"))));

    /// <summary>The verdict for the case's name; an unreadable one names itself and fails in the test, not in discovery.</summary>
    private static string Verdict(JsonElement vector)
    {
        try
        {
            return ExpectedVerdict.FromVector(vector.GetProperty("expected")).ToString();
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }
}
