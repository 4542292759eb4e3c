using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Conformance;

/// <summary>Every vector of <c>mtasts/policy_vectors.json</c> through <see cref="PolicyParser"/>.</summary>
public sealed class PolicyVectorTests
{
    private const string File = "mtasts/policy_vectors.json";

    /// <summary>Where the source library's verdict is not ours, and why (RFC 8461 first, then Postfix and the big senders).</summary>
    public static readonly IReadOnlyDictionary<string, string> Deviations = new Dictionary<string, string>
    {
        ["checkdmarc-testParseMtaStsPolicyDuplicateKey"] = "we accept: RFC 8461 §3.2 says the first of a repeated field is used, Postfix and mailauth agree; checkdmarc rejects duplicates",
        ["checkdmarc-testParseMtaStsPolicyUnexpectedKey"] = "we accept: RFC 8461 §3.2 says unknown fields are ignored; checkdmarc rejects them",
        ["mox-bad-18"] = "we accept: an empty extension is an unknown field, which Postfix ignores as RFC 8461 §3.2 asks for unknown fields; mox rejects its syntax",
        ["mox-bad-19"] = "we accept: an over-long extension name is an unknown field, ignored as Postfix does; mox rejects its syntax",
        ["mox-bad-20"] = "we accept: '_bad' is an unknown field, ignored as Postfix does; mox rejects its syntax",
        ["rest-invalid-zero-max_age"] = "we accept: the RFC 8461 §3.2 grammar (1*10DIGIT) allows max_age 0, as mox, mailauth and Postfix do; rest-mail rejects it",
        ["mimecast-noneMode"] = "we accept: mode none is a valid policy (RFC 8461 §5); mimecast's isValid means usable for enforcement",
        ["mimecast-duplicateMode3"] = "we accept: first mode (none) wins and none is valid (RFC 8461 §3.2, §5); mimecast's isValid excludes none",
        ["mimecast-invalidValue"] = "we reject: RFC 8461 §3.2 requires max_age as 1*10DIGIT; mimecast substitutes a default for an empty value",
        ["mimecast-invalidMaxAge"] = "we reject: max_age is required by RFC 8461 §3.2; mimecast substitutes its soft minimum",
        ["mimecast-nonNumericMaxAgeNotRequired"] = "we reject: RFC 8461 §3.2 requires a numeric max_age; mimecast's relaxed config substitutes a default",
        ["mimecast-configRelaxed"] = "we reject: a bare CR is no line terminator in RFC 8461 §3.2 (LF or CRLF), so the lines run together; mimecast's relaxed config accepts CR",
        ["mimecast-invalidLF"] = "we accept: RFC 8461 §3.2 allows LF line endings (Postfix too); mimecast's requireCRLF config rejects them",
        ["mimecast-noLastCRLF"] = "we accept: the final terminator is optional in RFC 8461 §3.2 ([sts-policy-term]); mimecast's requireCRLF config rejects its absence",
        ["mimecast-underMin"] = "we accept with a warning: 604799 s is legal (RFC 8461 §3.2), only unwise for enforce; mimecast's config sets a one-week minimum and requires a final CRLF",
        ["mimecast-emptyLine"] = "we accept with a warning: senders (Postfix, mailauth) skip a trailing blank line; mimecast's requireCRLF config rejects it",
        ["emersion-draft-json-policy"] = "we reject: the JSON body is from a pre-RFC draft; RFC 8461 §3.2 policies are key: value lines",
    };

    public static TheoryData<string, string> Cases() => ConformanceCorpus.Cases(File, Deviations);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Policy_vector(string @case, string id)
    {
        var vector = ConformanceCorpus.Vector(File, id);
        var expected = vector.GetProperty("expected");
        var result = PolicyParser.Parse(vector.GetProperty("input").GetString()!);
        var libraryAccepts = LibraryVerdict.Accepts(expected);

        if (Deviations.ContainsKey(id))
        {
            Assert.True(libraryAccepts != result.IsValid, $"{@case}: the library now agrees with us; remove the deviation");
            return;
        }

        Assert.True(libraryAccepts == result.IsValid, $"{@case}: library {(libraryAccepts ? "accepts" : "rejects")}, we {(result.IsValid ? "accept" : "reject: " + string.Join("; ", result.Errors))}");
        if (result.Policy is { } policy)
        {
            if (LibraryVerdict.Field(expected, "mode") is { } mode)
            {
                Assert.Equal(mode, policy.Mode.ToText());
            }

            if ((LibraryVerdict.Field(expected, "max_age") ?? LibraryVerdict.Field(expected, "maxAge")) is { } maxAge)
            {
                Assert.Equal(maxAge, policy.MaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (expected.TryGetProperty("mx", out var mx) || (expected.TryGetProperty("strict", out var strict) && strict.TryGetProperty("mx", out mx)))
            {
                Assert.Equal(mx.EnumerateArray().Select(m => m.GetString()!), policy.Mx);
            }
        }
    }
}
