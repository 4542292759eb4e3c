using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Reports;
using MtaSts.Core.Tests.Support;
using Xunit.Sdk;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>
/// One input (a corpus file or a message vector) as our parser took it: the reports read, or the refusal. Claims look
/// further from here: the JSON the input holds, a counterpart file, ingestion for given tenants, an edited copy.
/// </summary>
public sealed class TlsReportOutcome
{
    private TlsReportOutcome(byte[] input, string? fileName, ReportSource? source, ReportRefusedException? refusal) =>
        (Input, FileName, Source, Refusal) = (input, fileName, source, refusal);

    public byte[] Input { get; }

    public string? FileName { get; }

    public ReportSource? Source { get; }

    public ReportRefusedException? Refusal { get; }

    /// <summary>The parse result; fails the test with our reason when the input was refused.</summary>
    public ReportSource Accepted => Source ?? throw new XunitException($"we refuse the input ({Refusal!.Code}): {Refusal.Message}");

    public TlsReport Report => Assert.Single(Accepted.Reports);

    public TlsReportPolicy Policy => Assert.Single(Report.Policies);

    /// <summary>The report JSON in the input, read without our parser.</summary>
    public RawReportPart Raw => RawReportPart.Read(Input);

    public static async Task<TlsReportOutcome> ParseAsync(byte[] input, string? fileName)
    {
        try
        {
            return new(input, fileName, await ReportParsing.Parser().ParseAsync(input, fileName, default), null);
        }
        catch (ReportRefusedException e)
        {
            return new(input, fileName, null, e);
        }
    }

    public static Task<TlsReportOutcome> ParseFileAsync(string path) => ParseAsync(TlsReportCorpus.Read(path), Path.GetFileName(path));

    /// <summary>The report of another corpus file, which must be accepted.</summary>
    public static async Task<TlsReport> CounterpartAsync(string path) => (await ParseFileAsync(path)).Report;

    /// <summary>Our parse of the input's JSON after <paramref name="edit"/>, sent as plain JSON under <paramref name="fileName"/>.</summary>
    public Task<TlsReportOutcome> ParseEditedAsync(Action<JsonObject> edit, string? fileName = null)
    {
        var json = Raw.Json;
        edit(json);
        return ParseAsync(Encoding.UTF8.GetBytes(json.ToJsonString()), fileName);
    }

    /// <summary>Runs the input through <see cref="ReportIngestor"/> with <paramref name="tenants"/> as the only tenants.</summary>
    public async Task<IngestOutcome> IngestAsync(IEnumerable<string> tenants)
    {
        var tenantStore = new InMemoryTenantStore();
        foreach (var domain in tenants)
        {
            await tenantStore.AddAsync(new Tenant { Domain = domain, Policy = new StsPolicy(PolicyMode.Testing, ["mx." + domain], 86400), CreatedAt = DateTimeOffset.UnixEpoch, PolicyChangedAt = DateTimeOffset.UnixEpoch }, default);
        }

        var reports = new InMemoryTlsReportStore();
        var ingestor = new ReportIngestor(ReportParsing.Parser(), tenantStore, reports, TimeProvider.System, ReportParsing.Options(), NullLogger<ReportIngestor>.Instance);
        try
        {
            return new(await ingestor.IngestAsync(Input, FileName ?? "input", "conformance", default), null, reports.Reports);
        }
        catch (ReportRefusedException e)
        {
            return new(null, e, reports.Reports);
        }
    }

    /// <summary>
    /// The verdict, in our terms: refused with the stated category; or read, holding exactly the JSON in the input (up
    /// to the documented normalisations), and then stored when its policy domains are tenants, or refused by ingestion
    /// with the stated category for <paramref name="tenants"/>.
    /// </summary>
    public async Task AssertVerdictAsync(ExpectedVerdict verdict, IReadOnlyList<string> tenants)
    {
        if (!verdict.Parses)
        {
            Assert.True(Refusal is not null, $"the source refuses the input; we accept it");
            Assert.True(verdict.RefusedAs is null || verdict.RefusedAs == Refusal.Code, $"the source refuses as {verdict.RefusedAs}; we refuse as {Refusal.Code}: {Refusal.Message}");
            return;
        }

        AssertHoldsItsJson();
        if (verdict.RefusedAs is { } code)
        {
            var refused = await IngestAsync(tenants);
            Assert.True(refused.Refusal is not null, $"the source refuses the report on ingestion ({code}) with tenants {string.Join(", ", tenants)}; we store it");
            Assert.Equal(code, refused.Refusal.Code);
            return;
        }

        var domains = Accepted.Reports.SelectMany(r => r.Policies).Select(p => p.PolicyDomain).Distinct(StringComparer.Ordinal).ToArray();
        var ingested = (await IngestAsync(domains)).Accepted;
        Assert.Equal(Accepted.Reports.Sum(r => r.Policies.Select(p => p.PolicyDomain).Distinct(StringComparer.Ordinal).Count()), ingested.Stored);
    }

    /// <summary>What we read is the input's own JSON, changed only as <see cref="NormalisedReportJson"/> documents.</summary>
    public void AssertHoldsItsJson()
    {
        var actual = NormalisedReportJson.Of(Report);
        var expected = NormalisedReportJson.From(Raw.Json);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"the report read differs from the input's JSON.\nInput (normalised): {expected.ToJsonString()}\nRead:               {actual.ToJsonString()}");
    }
}
