using System.IO.Compression;
using System.Text;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>
/// Each refusal of the report parser says where the input went wrong (the JSON path) and carries its reason code, so
/// an operator reading <c>tlsrpt-rejected</c> knows what to tell the sender; and the counting helpers stay exact at
/// their bounds. Written from the mutants dotnet-stryker found alive in these classes.
/// </summary>
public sealed class ReportRefusalTests
{
    private const string Range = """ "date-range":{"start-datetime":"2026-11-28T00:00:00Z","end-datetime":"2026-11-28T23:59:59Z"} """;
    private const string Policy = """{"policy":{"policy-type":"sts","policy-domain":"victim.example","mx-host":["mx.victim.example"]},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}""";

    private static string Report(string policies = "[" + Policy + "]", string range = Range) =>
        $$"""{"organization-name":"Org","report-id":"id",{{range}},"policies":{{policies}}}""";

    private static ReportRefusedException Refused(string json) =>
        Assert.Throws<ReportRefusedException>(() => TlsReportJsonParser.Parse(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"organization-name":"Org","report-id":"id",""" + Range + "}", "policies is missing or not an array")]
    [InlineData("""{"organization-name":"Org","report-id":"id",""" + Range + ""","policies":{}}""", "policies is missing or not an array")]
    [InlineData("""{"organization-name":"Org","report-id":"id","policies":[]}""", "date-range is missing or not an object")]
    [InlineData("""{"report-id":"id",""" + Range + ""","policies":[]}""", "organization-name")]
    public void A_report_missing_a_part_names_the_part(string json, string expected)
    {
        var refused = Refused(json);

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Equal(ReportRefusedException.Invalid, refused.Code);
    }

    [Theory]
    [InlineData("[7]", "policies[0] is not an object")]
    [InlineData("""[{"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]""", "policies[0].policy is missing or not an object")]
    [InlineData("""[{"policy":{"policy-type":"sts","policy-domain":"victim.example"}}]""", "policies[0].summary is missing or not an object")]
    [InlineData("""[{"policy":{"policy-domain":"victim.example"},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]""", "policies[0].policy.policy-type")]
    [InlineData("""[{"policy":{"policy-type":"sts","policy-domain":"not a domain"},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]""", "policies[0].policy.policy-domain")]
    [InlineData("""[{"policy":{"policy-type":"sts","policy-domain":"victim.example","mx-host":7},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]""", "policies[0].policy.mx-host must be a string or an array of strings")]
    [InlineData("""[{"policy":{"policy-type":"sts","policy-domain":"victim.example","policy-string":{}},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]""", "policies[0].policy.policy-string must be a string or an array of strings")]
    [InlineData("""[{"policy":{"policy-type":"sts","policy-domain":"victim.example"},"summary":{"total-failure-session-count":0}}]""", "policies[0].summary")]
    [InlineData("""[{"policy":{"policy-type":"sts","policy-domain":"victim.example"},"summary":{"total-successful-session-count":1,"total-failure-session-count":"0"}}]""", "policies[0].summary")]
    [InlineData("""[{"policy":{"policy-type":"sts","policy-domain":"victim.example"},"summary":{"total-successful-session-count":1,"total-failure-session-count":1},"failure-details":[5]}]""", "policies[0].failure-details[0] is not an object")]
    [InlineData("""[{"policy":{"policy-type":"sts","policy-domain":"victim.example"},"summary":{"total-successful-session-count":1,"total-failure-session-count":1},"failure-details":[{"failed-session-count":1}]}]""", "policies[0].failure-details[0]")]
    public void A_bad_policy_names_its_path(string policies, string expected) =>
        Assert.Contains(expected, Refused(Report(policies)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_range_that_ends_before_it_starts_or_is_not_a_date_is_refused_and_an_instant_range_is_taken()
    {
        Assert.Contains("ends before it starts", Refused(Report(range: """ "date-range":{"start-datetime":"2026-11-28T00:00:00Z","end-datetime":"2026-11-27T23:59:59Z"} """)).Message, StringComparison.Ordinal);
        Assert.Contains("date-range.end-datetime", Refused(Report(range: """ "date-range":{"start-datetime":"2026-11-28T00:00:00Z","end-datetime":"yesterday"} """)).Message, StringComparison.Ordinal);
        Assert.Contains("date-range.start-datetime", Refused(Report(range: """ "date-range":{"start-datetime":7,"end-datetime":"2026-11-28T00:00:00Z"} """)).Message, StringComparison.Ordinal);

        var instant = TlsReportJsonParser.Parse(Encoding.UTF8.GetBytes(Report(range: """ "date-range":{"start-datetime":"2026-11-28T00:00:00Z","end-datetime":"2026-11-28T00:00:00Z"} """)));
        Assert.Equal(instant.Start, instant.End);
        var local = TlsReportJsonParser.Parse(Encoding.UTF8.GetBytes(Report(range: """ "date-range":{"start-datetime":"2026-11-28T00:00:00","end-datetime":"2026-11-28T23:00:00"} """)));
        Assert.Equal(TimeSpan.Zero, local.Start.Offset); // a time without offset is UTC, whatever the machine's zone
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), local.Start);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_and_contact_info_is_optional_but_only_as_a_string()
    {
        var withBom = TlsReportJsonParser.Parse((byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Report())]);
        Assert.Equal("Org", withBom.OrganizationName);
        Assert.Null(withBom.ContactInfo);

        var numeric = TlsReportJsonParser.Parse(Encoding.UTF8.GetBytes(Report().Replace("\"report-id\":\"id\"", "\"report-id\":\"id\",\"contact-info\":5", StringComparison.Ordinal)));
        Assert.Null(numeric.ContactInfo);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(long.MaxValue - 1, 1)]
    [InlineData(long.MaxValue, 0)]
    public void Adding_saturates_at_the_largest_count_and_never_wraps(long a, long b) =>
        Assert.Equal(a + b, SaturatingCount.Add(a, b));

    [Fact]
    public void Counts_saturate_and_never_go_below_zero()
    {
        Assert.Equal(long.MaxValue, SaturatingCount.Add(long.MaxValue, 1));
        Assert.Equal(long.MaxValue, SaturatingCount.Add(long.MaxValue - 1, 2));
        Assert.Equal(0, SaturatingCount.Subtract(3, 5));
        Assert.Equal(2, SaturatingCount.Subtract(5, 3));
        Assert.Equal(0, SaturatingCount.Subtract(5, 5));
        Assert.Equal(int.MaxValue - 1, SaturatingCount.AddReports(int.MaxValue - 1, 5));
        Assert.Equal(int.MaxValue - 1, SaturatingCount.AddReports(int.MaxValue - 3, 2));
        Assert.Equal(int.MaxValue - 2, SaturatingCount.AddReports(int.MaxValue - 3, 1));
        Assert.Equal(0, SaturatingCount.SubtractReports(1, 5));
        Assert.Equal(4, SaturatingCount.SubtractReports(5, 1));
        Assert.Equal(long.MaxValue, SaturatingCount.Sum([long.MaxValue, long.MaxValue, 1]));
        Assert.Throws<ArgumentNullException>(() => SaturatingCount.Sum(null!));
    }

    [Fact]
    public void A_breakdown_drops_empty_entries_orders_by_count_then_name_and_keeps_fifty_exactly()
    {
        var failures = new Dictionary<(string Type, string Mx), long> { [("b", "mx")] = 5, [("a", "mx")] = 5, [("c", "mx")] = 9, [("z", "mx")] = 0 };

        var folded = ReportContribution.Fold(failures);

        Assert.Equal(["c", "a", "b"], folded.Select(f => f.ResultType));
        var fifty = Enumerable.Range(0, ReportContribution.MaxFailureEntries).ToDictionary(i => ($"t{i:00}", "mx"), i => (long)(i + 1));
        Assert.Equal(ReportContribution.MaxFailureEntries, ReportContribution.Fold(fifty).Count);
        Assert.DoesNotContain(ReportContribution.Fold(fifty), f => f.ResultType == FailureCount.Other);
        fifty[("extra", "mx")] = 1;
        var over = ReportContribution.Fold(fifty);
        Assert.Equal(ReportContribution.MaxFailureEntries, over.Count);
        Assert.Equal((FailureCount.Other, FailureCount.Other), (over[^1].ResultType, over[^1].ReceivingMx));
        Assert.Equal(fifty.Values.Sum(), over.Sum(f => f.Count));
        Assert.Throws<ArgumentNullException>(() => ReportContribution.Fold(null!));
        Assert.Throws<ArgumentNullException>(() => ReportContribution.Of(null!));
    }

    [Fact]
    public void An_other_entry_already_in_a_breakdown_is_folded_not_kept_twice()
    {
        var failures = Enumerable.Range(0, 60).ToDictionary(i => ($"t{i:00}", "mx"), i => (long)(100 - i));
        failures[(FailureCount.Other, FailureCount.Other)] = 1000;
        failures[(FailureCount.Other, "mx.named")] = 999;

        var folded = ReportContribution.Fold(failures);

        Assert.Single(folded, f => f.ResultType == FailureCount.Other && f.ReceivingMx == FailureCount.Other);
        Assert.Contains(folded, f => f.ResultType == FailureCount.Other && f.ReceivingMx == "mx.named");
        Assert.Equal(failures.Values.Sum(), folded.Sum(f => f.Count));
    }

    [Fact]
    public void Gzip_is_recognised_by_its_two_magic_bytes_and_a_bad_body_or_checksum_is_refused_as_gzip()
    {
        Assert.True(BoundedGzip.IsGzip([0x1f, 0x8b]));
        Assert.False(BoundedGzip.IsGzip([0x1f]));
        Assert.False(BoundedGzip.IsGzip([0x1f, 0x8c]));

        var good = Gzip("hello report");
        var corrupt = (byte[])good.Clone();
        corrupt[12] ^= 0xFF;
        var badCrc = (byte[])good.Clone();
        badCrc[^8] ^= 0x01; // the CRC-32; the length still matches
        var badLength = (byte[])good.Clone();
        badLength[^4] ^= 0x01;

        Assert.Equal("hello report", Encoding.UTF8.GetString(BoundedGzip.Decompress(good, 1000)));
        foreach (var bad in new[] { corrupt, badCrc, badLength, good[..17] })
        {
            var refused = Assert.Throws<ReportRefusedException>(() => BoundedGzip.Decompress(bad, 1000));
            Assert.Equal(ReportRefusedException.Compression, refused.Code);
        }

        Assert.Contains("truncated", Assert.Throws<ReportRefusedException>(() => BoundedGzip.Decompress(good[..17], 1000)).Message, StringComparison.Ordinal);
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
