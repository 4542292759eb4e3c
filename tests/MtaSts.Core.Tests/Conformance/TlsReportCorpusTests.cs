using System.Text.Json;
using System.Text.Json.Nodes;
using MtaSts.Core.Reports;
using MtaSts.Core.Tests.Reports;

namespace MtaSts.Core.Tests.Conformance;

/// <summary>Every file of <c>tlsrpt/</c> against its <c>EXPECTATIONS.json</c> verdict, and the message vectors.</summary>
public sealed class TlsReportCorpusTests
{
    /// <summary>Files the source library accepts and we refuse, and why.</summary>
    private static readonly Dictionary<string, string> Refused = new()
    {
        ["stalwart-mail-auth/rpt03.json"] = "we refuse: policy-type 'invalid-policy-type' is not one RFC 8460 §4.3 defines, and the policies have no policy-domain; EXPECTATIONS calls it a negative fixture",
    };

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        using var expectations = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ConformanceCorpus.Directory, "tlsrpt/EXPECTATIONS.json")));
        foreach (var file in expectations.RootElement.GetProperty("files").EnumerateArray())
        {
            var path = file.GetProperty("file").GetString()!;
            data.Add(Refused.TryGetValue(path, out var why) ? $"{path} DIFFERS: {why}" : $"{path}: {file.GetProperty("expected").GetString()}", path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Corpus_file(string @case, string path)
    {
        if (Refused.ContainsKey(path))
        {
            await Assert.ThrowsAsync<ReportRefusedException>(() => ReportParsing.ParseFileAsync("tlsrpt/" + path));
            return;
        }

        var source = await ReportParsing.ParseFileAsync("tlsrpt/" + path);

        Assert.NotEmpty(source.Reports);
        Assert.All(source.Reports, r => Assert.NotEmpty(r.Policies));
        Assert.All(source.Reports.SelectMany(r => r.Policies), p => Assert.NotEmpty(p.PolicyDomain));
        Assert.True(@case.Length > 0);
    }

    [Fact]
    public void Every_file_in_the_corpus_has_an_expectation()
    {
        var root = Path.Combine(ConformanceCorpus.Directory, "tlsrpt");
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".eml", StringComparison.Ordinal))
            .Where(f => f is not "EXPECTATIONS.json" && !f.StartsWith("vectors/", StringComparison.Ordinal));

        Assert.All(files, f => Assert.Contains(Files(), row => (string)row[1] == f));
    }

    [Theory]
    [InlineData("rpt01")]
    [InlineData("rpt02")]
    public async Task Stalwart_emails_hold_the_same_report_as_their_json(string name)
    {
        var email = await ReportParsing.ParseFileAsync($"tlsrpt/stalwart-mail-auth/{name}.eml");
        var json = await ReportParsing.ParseFileAsync($"tlsrpt/stalwart-mail-auth/{name}.json");

        Assert.Equal(Normal(json.Reports.Single()), Normal(email.Reports.Single()));
        Assert.Equal("example.net", email.ReportDomainHeader);
        Assert.Equal("mail.sender.example.com", email.SubmitterHeader);
    }

    [Fact]
    public async Task The_failure_report_has_failing_sessions_and_details()
    {
        var report = (await ReportParsing.ParseFileAsync("tlsrpt/tlsrpt-digest/tlsrpt_failure.eml")).Reports.Single();

        Assert.True(report.Policies.Sum(p => p.FailedSessions) > 0);
        Assert.NotEmpty(report.Policies.SelectMany(p => p.FailureDetails));
    }

    [Fact]
    public async Task Real_world_quirks_are_normalised()
    {
        var microsoft = (await ReportParsing.ParseFileAsync("tlsrpt/dmarc-report-viewer/microsoft.json")).Reports.Single();
        Assert.Equal(2, microsoft.Policies.Single(p => p.PolicyType == "tlsa").PolicyStrings.Count);
        Assert.Empty(microsoft.Policies.Single(p => p.PolicyType == "sts").MxHosts);

        var rfc = (await ReportParsing.ParseFileAsync("tlsrpt/parsedmarc/rfc8460.json")).Reports.Single();
        Assert.Equal(["*.mail.company-y.example"], rfc.Policies.Single().MxHosts);

        Assert.Null((await ReportParsing.ParseFileAsync("tlsrpt/dmarc-report-viewer/no-contact.json")).Reports.Single().ContactInfo);

        var noIp = (await ReportParsing.ParseFileAsync("tlsrpt/dmarc-report-viewer/no_ip_and_mx.json")).Reports.Single().Policies.Single().FailureDetails.Single();
        Assert.Null(noIp.SendingMtaIp);
        Assert.Null(noIp.ReceivingMxHostname);

        var legacy = (await ReportParsing.ParseFileAsync("tlsrpt/mox/microsoft.eml")).Reports.Single();
        Assert.Equal(TimeSpan.Zero, legacy.Start.Offset);
        Assert.Equal(DateTimeKind.Utc, legacy.Start.UtcDateTime.Kind);

        var idn = (await ReportParsing.ParseFileAsync("tlsrpt/robalexdev-tlsrpt-be/report.json")).Reports.Single();
        Assert.Equal("xn--gpher-jua.test", idn.Policies.Single().PolicyDomain);

        var draft = (await ReportParsing.ParseFileAsync("tlsrpt/danmarg-tlsrpt_processor/sample.json")).Reports.Single();
        Assert.True(draft.Policies.Single().FailureDetails[2].Extensions.ContainsKey("failure-error-code"));
    }

    public static TheoryData<string, string> MessageVectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var vector in ConformanceCorpus.Vectors("tlsrpt/vectors/tlsrpt_message_vectors.json"))
        {
            data.Add($"{vector.GetProperty("id").GetString()} ({vector.GetProperty("source").GetProperty("repo").GetString()}) agrees", vector.GetProperty("id").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MessageVectors))]
    public async Task Message_vector(string @case, string id)
    {
        var vector = ConformanceCorpus.Vector("tlsrpt/vectors/tlsrpt_message_vectors.json", id);
        var input = System.Text.Encoding.UTF8.GetBytes(vector.GetProperty("input").GetString()!);
        var accept = vector.GetProperty("expected").GetProperty("result").GetString() == "accept";

        if (accept)
        {
            Assert.Equal("5065427c-23d3-47ca-b6e0-946ea0e8c4be", (await ReportParsing.Parser().ParseAsync(input, null, default)).Reports.Single().ReportId);
        }
        else
        {
            await Assert.ThrowsAsync<ReportRefusedException>(() => ReportParsing.Parser().ParseAsync(input, null, default));
        }

        Assert.NotEmpty(@case);
    }

    private static string Normal(TlsReport report) => TlsReportJsonWriter.ToJson(report).ToJsonString();
}
