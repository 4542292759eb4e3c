using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>Checks that several claims share; each reads as the claim it serves.</summary>
public static class TlsReportChecks
{
    public static string Normal(TlsReport report) => NormalisedReportJson.Of(report).ToJsonString();

    /// <summary>Read as exactly one report from an input of the given format (json, gzip or email).</summary>
    public static void OneReportFrom(TlsReportOutcome o, string format) =>
        Assert.Equal((format, 1), (o.Accepted.Format, o.Accepted.Reports.Count));

    /// <summary>Written back as RFC 8460 JSON and read again, the report is the same.</summary>
    public static void RoundTrips(TlsReportOutcome o) =>
        Assert.Equal(Normal(o.Report), Normal(TlsReportJsonParser.Parse(Encoding.UTF8.GetBytes(TlsReportJsonWriter.ToJson(o.Report).ToJsonString()))));

    public static async Task SameReportAsAsync(TlsReportOutcome o, string counterpart) =>
        Assert.Equal(Normal(await TlsReportOutcome.CounterpartAsync(counterpart)), Normal(o.Report));

    /// <summary>The report as the counterpart's, apart from <paramref name="differing"/> fields (paths into the written JSON).</summary>
    public static async Task SameReportApartFromAsync(TlsReportOutcome o, string counterpart, params string[] differing)
    {
        var (mine, theirs) = (NormalisedReportJson.Of(o.Report), NormalisedReportJson.Of(await TlsReportOutcome.CounterpartAsync(counterpart)));
        foreach (var path in differing)
        {
            Assert.NotEqual(Field(mine, path)!.ToJsonString(), Field(theirs, path)!.ToJsonString());
            Field(theirs, path)!.ReplaceWith(Field(mine, path)!.DeepClone());
        }

        Assert.Equal(mine.ToJsonString(), theirs.ToJsonString());
    }

    public static void TheReportPartIs(TlsReportOutcome o, string mediaType, string? transferEncoding) =>
        Assert.Equal((mediaType, transferEncoding), (o.Raw.MediaType, o.Raw.TransferEncoding?.Trim()));

    /// <summary>A successful day: sessions, and not one failure.</summary>
    public static void AllSessionsSucceeded(TlsReportOutcome o) => Assert.All(o.Report.Policies, p =>
    {
        Assert.True(p.SuccessfulSessions > 0);
        Assert.Equal((0L, 0), (p.FailedSessions, p.FailureDetails.Count));
    });

    public static JsonValueKind RawKind(TlsReportOutcome o, string path) => Field(o.Raw.Json, path)?.GetValueKind() ?? JsonValueKind.Undefined;

    /// <summary>The report-id that <paramref name="file"/>'s expectation says a tool printed.</summary>
    public static string PrintedReportId(string file) =>
        Regex.Match(TlsReportCorpus.Expectations.Single(e => e.File == file).Expected, @"report-id (\S+)") is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"the expectation of {file} names no report-id");

    /// <summary>Edits for stalwart's rpt03.json: supply what a policy lacks, one defect at a time.</summary>
    public static void AddPolicyDomains(JsonObject report) => Policies(report, p => p["policy"]!["policy-domain"] = "example.org");

    public static void AddFailureCounts(JsonObject report) => Policies(report, p => p["summary"]!["total-failure-session-count"] = 0);

    public static void DropPoliciesOfType(JsonObject report, string type)
    {
        var policies = report["policies"]!.AsArray();
        foreach (var policy in policies.Where(p => p!["policy"]!["policy-type"]!.GetValue<string>() == type).ToArray())
        {
            policies.Remove(policy);
        }
    }

    private static void Policies(JsonObject report, Action<JsonNode> edit)
    {
        foreach (var policy in report["policies"]!.AsArray())
        {
            edit(policy!);
        }
    }

    /// <summary>A field by a dotted path; a number is an array index (<c>policies.0.policy.mx-host</c>).</summary>
    private static JsonNode? Field(JsonNode root, string path) =>
        path.Split('.').Aggregate((JsonNode?)root, (node, step) => int.TryParse(step, out var i) ? node?[i] : node?[step]);
}
