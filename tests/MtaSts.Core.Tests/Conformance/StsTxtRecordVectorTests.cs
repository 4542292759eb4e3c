using System.Text.Json;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Conformance;

/// <summary>Every vector of <c>mtasts/sts_txt_record_vectors.json</c> through <see cref="StsTxtRecordParser"/>.</summary>
public sealed class StsTxtRecordVectorTests
{
    private const string File = "mtasts/sts_txt_record_vectors.json";

    public static readonly IReadOnlyDictionary<string, string> Deviations = new Dictionary<string, string>
    {
        ["rest-strict-duplicate-version-field"] = "we accept: a repeated field is ignored after the first (RFC 8461 §3.2, as mailauth does), and 'v=STSv1' again is a well-formed extension; rest-mail rejects it",
        ["rest-strict-duplicate-id-field"] = "we accept the first id: RFC 8461 §3.2 says later duplicates are ignored, as mailauth does; rest-mail rejects",
        ["checkdmarc-dup-id"] = "we accept the first id: RFC 8461 §3.2 says later duplicates are ignored, as mailauth does; checkdmarc rejects",
        ["pmsr-tokenise-8"] = "we reject: the RFC 8461 §3.1 grammar allows whitespace only around ';', not at the end (mailauth strict agrees); Postfix's tokeniser is laxer",
        ["pmsr-tokenise-12"] = "we reject: the RFC 8461 §3.1 grammar allows one trailing ';' only (mox agrees); Postfix's tokeniser is laxer",
        ["mimecast-quoted"] = "we reject: the quotes are how dig prints a TXT string, not part of the record; a record holding quote characters is invalid",
    };

    public static TheoryData<string, string> Cases() => ConformanceCorpus.Cases(File, Deviations);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Txt_record_vector(string @case, string id)
    {
        var vector = ConformanceCorpus.Vector(File, id);
        var expected = vector.GetProperty("expected");
        var result = StsTxtRecordParser.ParseRecordSet(RecordSet(vector.GetProperty("input")));
        var libraryAccepts = expected.TryGetProperty("tags", out var tags)
            ? tags.TryGetProperty("v", out _) && tags.TryGetProperty("id", out _)
            : LibraryVerdict.Accepts(expected);

        if (Deviations.ContainsKey(id))
        {
            Assert.True(libraryAccepts != result.IsValid, $"{@case}: the library now agrees with us; remove the deviation");
            return;
        }

        Assert.True(libraryAccepts == result.IsValid, $"{@case}: library {(libraryAccepts ? "accepts" : "rejects")}, we say {result.Status} {result.Error}");
        var expectedId = tags.ValueKind == JsonValueKind.Object && tags.TryGetProperty("id", out var tagId) ? tagId.GetString() : LibraryVerdict.Field(expected, "id");
        if (result.Record is { } record && expectedId is not null)
        {
            Assert.Equal(expectedId, record.Id);
        }
    }

    /// <summary>A vector's input: one record string, or an RRset of strings or of character-string lists (the CNAME chain is the resolver's job).</summary>
    private static IEnumerable<IEnumerable<string>> RecordSet(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return [[input.GetString()!]];
        }

        return input.GetProperty("txt_rrset").EnumerateArray()
            .Select(rr => rr.ValueKind == JsonValueKind.Array ? rr.EnumerateArray().Select(s => s.GetString()!).ToArray() : new[] { rr.GetString()! })
            .ToArray();
    }
}
