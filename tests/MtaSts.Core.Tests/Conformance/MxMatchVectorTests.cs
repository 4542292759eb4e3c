using System.Text.Json;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Conformance;

/// <summary>Every vector of <c>mtasts/mx_match_vectors.json</c> through <see cref="MxPattern.MatchesAny"/>.</summary>
public sealed class MxMatchVectorTests
{
    private const string File = "mtasts/mx_match_vectors.json";

    public static readonly IReadOnlyDictionary<string, string> Deviations = new Dictionary<string, string>
    {
        ["mimecast-testing-net"] = "we do not match: RFC 8461 §4.1 matching does not depend on mode; testing only changes what a sender does on failure",
        ["mailauth-none"] = "we do not match: RFC 8461 §4.1 matching does not depend on mode; with none a sender simply does not apply the policy",
    };

    public static TheoryData<string, string> Cases() => ConformanceCorpus.Cases(File, Deviations);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Mx_match_vector(string @case, string id)
    {
        var vector = ConformanceCorpus.Vector(File, id);
        var input = vector.GetProperty("input");
        var host = input.GetProperty("mx_host").GetString();
        var patterns = input.GetProperty("patterns").EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.Null ? null : p.GetString())
            .ToArray();
        var libraryMatches = vector.GetProperty("expected").GetProperty("match").GetBoolean();
        var ours = MxPattern.MatchesAny(host, patterns);

        if (Deviations.ContainsKey(id))
        {
            Assert.True(libraryMatches != ours, $"{@case}: the library now agrees with us; remove the deviation");
            return;
        }

        Assert.True(libraryMatches == ours, $"{@case}: library {(libraryMatches ? "matches" : "does not match")}, we {(ours ? "match" : "do not")}");
    }
}
