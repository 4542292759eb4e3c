using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Reports;

/// <summary>
/// The content hash that tells a replay (same content: a duplicate) from a conflict (same key, other content) covers
/// every field a report states about the tenant: change any one and the hash changes, so a forged report can never
/// pass for the genuine one by differing only where the hash does not look. From mutation testing: leaving out any
/// one field survived.
/// </summary>
public sealed class ReportContentHashTests
{
    private static readonly Dictionary<string, string> Base = new()
    {
        ["org"] = "Org",
        ["id"] = "id-1",
        ["start"] = "2026-11-28T00:00:00Z",
        ["end"] = "2026-11-28T23:59:59Z",
        ["type"] = "sts",
        ["domain"] = "victim.example",
        ["string"] = "version: STSv1",
        ["mx"] = "mx.victim.example",
        ["ok"] = "10",
        ["failed"] = "3",
        ["result"] = "certificate-expired",
        ["sender"] = "192.0.2.1",
        ["mxhost"] = "mx.victim.example",
        ["helo"] = "mx.victim.example",
        ["ip"] = "198.51.100.1",
        ["count"] = "3",
        ["code"] = "expired",
    };

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public static TheoryData<string, string> Changes => new()
    {
        { "org", "Other Org" }, { "id", "id-2" }, { "start", "2026-11-28T00:00:01Z" }, { "end", "2026-11-28T23:59:58Z" },
        { "type", "no-policy-found" }, { "domain", "other.example" }, { "string", "version: STSv1 " }, { "mx", "mx2.victim.example" },
        { "ok", "11" }, { "failed", "4" }, { "result", "starttls-not-supported" }, { "sender", "192.0.2.2" },
        { "mxhost", "mx2.victim.example" }, { "helo", "helo.victim.example" }, { "ip", "198.51.100.2" }, { "count", "4" }, { "code", "other" },
    };

    private static byte[] Report(Dictionary<string, string> f) => Encoding.UTF8.GetBytes($$"""
        {"organization-name":"{{f["org"]}}","report-id":"{{f["id"]}}","date-range":{"start-datetime":"{{f["start"]}}","end-datetime":"{{f["end"]}}"},
         "policies":[{"policy":{"policy-type":"{{f["type"]}}","policy-domain":"{{f["domain"]}}","policy-string":["{{f["string"]}}"],"mx-host":["{{f["mx"]}}"]},
           "summary":{"total-successful-session-count":{{f["ok"]}},"total-failure-session-count":{{f["failed"]}}},
           "failure-details":[{"result-type":"{{f["result"]}}","sending-mta-ip":"{{f["sender"]}}","receiving-mx-hostname":"{{f["mxhost"]}}",
             "receiving-mx-helo":"{{f["helo"]}}","receiving-ip":"{{f["ip"]}}","failed-session-count":{{f["count"]}},"failure-reason-code":"{{f["code"]}}"}]}]}
        """);

    private async Task<string> HashOfAsync(Dictionary<string, string> fields)
    {
        var tenants = new InMemoryTenantStore();
        foreach (var domain in new[] { "victim.example", "other.example" })
        {
            await tenants.AddAsync(new Tenant { Domain = domain, Policy = new StsPolicy(PolicyMode.Testing, ["mx." + domain], 86400), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default);
        }

        var store = new InMemoryTlsReportStore();
        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off });
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, store, time, options, NullLogger<ReportIngestor>.Instance);
        await ingestor.IngestAsync(Report(fields), "r.json", "https", default);
        return Assert.Single(store.Reports).ContentHash;
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Changing_any_one_field_changes_the_content_hash(string field, string value)
    {
        var changed = new Dictionary<string, string>(Base) { [field] = value };

        Assert.NotEqual(await HashOfAsync(Base), await HashOfAsync(changed));
    }

    [Fact]
    public async Task The_same_content_has_the_same_hash() =>
        Assert.Equal(await HashOfAsync(Base), await HashOfAsync(new Dictionary<string, string>(Base)));
}
