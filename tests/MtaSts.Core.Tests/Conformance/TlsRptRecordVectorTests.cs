using System.Text.Json;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Conformance;

/// <summary>Every vector of <c>mtasts/tlsrpt_txt_record_vectors.json</c> through <see cref="TlsRptRecordParser"/>.</summary>
public sealed class TlsRptRecordVectorTests
{
    private const string File = "mtasts/tlsrpt_txt_record_vectors.json";

    public static readonly IReadOnlyDictionary<string, string> Deviations = new Dictionary<string, string>
    {
        ["mox-good-29"] = "we reject: the RFC 8460 §3 grammar allows whitespace only around ';' and ',', not at the end of the record (as for _mta-sts); mox is laxer",
        ["checkdmarc-dup-rua"] = "we accept and use both URIs, as mox does: RFC 8460 §3 does not forbid a repeated rua; checkdmarc rejects it",
    };

    public static TheoryData<string, string> Cases() => ConformanceCorpus.Cases(File, Deviations);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tlsrpt_record_vector(string @case, string id)
    {
        var vector = ConformanceCorpus.Vector(File, id);
        var expected = vector.GetProperty("expected");
        var result = TlsRptRecordParser.ParseRecordSet([vector.GetProperty("input").GetString()!]);
        var libraryAccepts = LibraryVerdict.Accepts(expected);

        if (Deviations.ContainsKey(id))
        {
            Assert.True(libraryAccepts != result.IsValid, $"{@case}: the library now agrees with us; remove the deviation");
            return;
        }

        Assert.True(libraryAccepts == result.IsValid, $"{@case}: library {(libraryAccepts ? "accepts" : "rejects")}, we say {result.Error}");
        if (result.Record is { } record && expected.TryGetProperty("rua", out var rua))
        {
            var uris = rua.EnumerateArray().SelectMany(u => u.ValueKind == JsonValueKind.Array ? u.EnumerateArray().Select(x => x.GetString()!) : [u.GetString()!]);
            Assert.Equal(uris, record.ReportingUris.Select(u => u.OriginalString));
        }
    }
}
