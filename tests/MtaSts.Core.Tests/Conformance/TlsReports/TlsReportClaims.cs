using System.Text.Json;
using MtaSts.Core.Reports;
using static MtaSts.Core.Tests.Conformance.TlsReports.TlsReportChecks;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>
/// What each <c>EXPECTATIONS.json</c> entry says beyond its verdict, one claim per line: from its <c>expected</c> text,
/// its <c>note</c>, or the file's row in <c>MANIFEST.md</c>, each followed by what it means for our report. Every entry
/// needs a line here (an entry without one fails), so a new file cannot pass on its verdict alone unnoticed.
/// </summary>
public static class TlsReportClaims
{
    /// <summary>The recipient domains mox's <c>TestReport</c> configures (EXPECTATIONS, <c>tlsrptdb_reportMultipleJSON.json</c>).</summary>
    public static readonly IReadOnlyList<string> MoxTenants = ["test.xmox.nl", "test2.xmox.nl"];

    private const string Rpt03RfcName = "google.com!example.org!1555200000!1555286399!001.json";

    public static IReadOnlyDictionary<string, TlsReportClaim[]> ByFile { get; } = new Dictionary<string, TlsReportClaim[]>(StringComparer.Ordinal)
    {
        ["parsedmarc/google.com_smtp_tls_report.eml"] =
        [
            Claim("expected: report_type smtp_tls → one TLS report, read from the e-mail", o => OneReportFrom(o, "email")),
            Claim("manifest: gzip attachment → the report part is application/tlsrpt+gzip", o => TheReportPartIs(o, "application/tlsrpt+gzip", "base64")),
            Claim("manifest: no-policy-found → one no-policy-found policy, without policy strings or mx-host", o => Assert.Equal(("no-policy-found", 0, 0), (o.Policy.PolicyType, o.Policy.PolicyStrings.Count, o.Policy.MxHosts.Count))),
        ],
        ["parsedmarc/mail.ru.json"] =
        [
            Claim("expected: report_type smtp_tls → one TLS report, read from JSON", o => OneReportFrom(o, "json")),
            Claim("manifest: sts with no policy-string → an sts policy without policy strings", o => Assert.Equal(("sts", 0), (o.Policy.PolicyType, o.Policy.PolicyStrings.Count))),
            Claim("manifest: 2 sts-policy-fetch-error details → two details, both sts-policy-fetch-error", o => Assert.Equal(["sts-policy-fetch-error", "sts-policy-fetch-error"], o.Policy.FailureDetails.Select(d => d.ResultType))),
            Claim("manifest: summary count 1 ≠ detail sum 2 → both kept as sent, not reconciled", o => Assert.Equal((1L, 2L), (o.Policy.FailedSessions, o.Policy.FailureDetails.Sum(d => d.FailedSessionCount)))),
        ],
        ["parsedmarc/rfc8460.json"] =
        [
            Claim("expected: report_type smtp_tls → one TLS report, read from JSON", o => OneReportFrom(o, "json")),
            Claim("manifest: RFC 8460 example → the §4.5 example's fields", o => Rfc8460Example.AssertMatches(o.Report)),
            Claim("manifest: mx-host as a string → a list of that one host", o => Assert.Equal((JsonValueKind.String, 1), (RawKind(o, "policies.0.policy.mx-host"), o.Policy.MxHosts.Count))),
        ],
        ["parsedmarc/smtp_tls.json"] =
        [
            Claim("expected: report_type smtp_tls → one TLS report, read from JSON", o => OneReportFrom(o, "json")),
            Claim("manifest: sts report with validation-failure → an sts policy whose failures are all validation-failure", o => Assert.Equal(("sts", "validation-failure"), (o.Policy.PolicyType, string.Join(", ", o.Policy.FailureDetails.Select(d => d.ResultType).Distinct())))),
        ],
        ["stalwart-mail-auth/rpt01.json"] =
        [
            Claim("expected: serde round-trip equal → written back and read again, the same report", RoundTrips),
            Claim("manifest: RFC example → the §4.5 example's fields", o => Rfc8460Example.AssertMatches(o.Report)),
        ],
        ["stalwart-mail-auth/rpt02.json"] =
        [
            Claim("expected: serde round-trip equal → written back and read again, the same report", RoundTrips),
            Claim("manifest: Google-style certificate-host-mismatch → one certificate-host-mismatch failure", o => Assert.Equal("certificate-host-mismatch", Assert.Single(o.Policy.FailureDetails).ResultType)),
        ],
        ["stalwart-mail-auth/rpt03.json"] =
        [
            Claim("expected: missing policy-domain tolerated → we refuse (invalid) when no TLS-Report-Domain or RFC file name gives one", o => Refused(o, "policy-domain")),
            ClaimAsync("expected: missing total-failure-session-count tolerated → we refuse (invalid), even with the domain from an RFC file name", async o => Refused(await o.ParseEditedAsync(_ => { }, Rpt03RfcName), "total-failure-session-count")),
            ClaimAsync("expected: unknown policy-type \"invalid-policy-type\" tolerated → we refuse (invalid), even with domains and counts supplied", async o => Refused(await o.ParseEditedAsync(r => { AddPolicyDomains(r); AddFailureCounts(r); }), "invalid-policy-type")),
            ClaimAsync("expected: missing contact-info tolerated → so do we: with the defects above mended and contact-info removed, ContactInfo is null", async o => Assert.Null((await o.ParseEditedAsync(r => { AddPolicyDomains(r); AddFailureCounts(r); DropPoliciesOfType(r, "invalid-policy-type"); r.Remove("contact-info"); })).Report.ContactInfo)),
        ],
        ["stalwart-mail-auth/rpt01.eml"] =
        [
            ClaimAsync("expected: report equals the same-named .json → the same report as rpt01.json", o => SameReportAsAsync(o, "stalwart-mail-auth/rpt01.json")),
            Claim("note: rpt01.eml: gzip attachment → the report part is application/tlsrpt+gzip", o => TheReportPartIs(o, "application/tlsrpt+gzip", "base64")),
        ],
        ["stalwart-mail-auth/rpt02.eml"] =
        [
            ClaimAsync("expected: report equals the same-named .json → the same report as rpt02.json", o => SameReportAsAsync(o, "stalwart-mail-auth/rpt02.json")),
            Claim("note: rpt02.eml: uncompressed application/tlsrpt part without Content-Transfer-Encoding → read from that part", o => TheReportPartIs(o, "application/tlsrpt", null)),
        ],
        ["mox/microsoft.eml"] =
        [
            Claim("expected: ParseMessage succeeds → one TLS report, read from the e-mail", o => OneReportFrom(o, "email")),
            Claim("manifest: datetimes without a timezone → read as UTC", o => Assert.Equal(("2023-01-10T00:00:00", new DateTimeOffset(2023, 1, 10, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 1, 10, 23, 59, 59, TimeSpan.Zero)), (o.Raw.Json["date-range"]!["start-datetime"]!.GetValue<string>(), o.Report.Start, o.Report.End))),
        ],
        ["mox/example.eml"] =
        [
            Claim("expected: ParseMessage succeeds → one TLS report, read from the e-mail", o => OneReportFrom(o, "email")),
        ],
        ["mox/tlsrpt_reportJSON_rfc8460_variant.json"] =
        [
            Claim("expected: decodes with DisallowUnknownFields → no unknown field at any level", o => Assert.Empty(o.Report.Extensions.Keys.Concat(o.Policy.Extensions.Keys).Concat(o.Policy.FailureDetails.SelectMany(d => d.Extensions.Keys)))),
            Claim("manifest: RFC example with mx-host array → the §4.5 example's fields, mx-host from an array", o => { Rfc8460Example.AssertMatches(o.Report); Assert.Equal(JsonValueKind.Array, RawKind(o, "policies.0.policy.mx-host")); }),
        ],
        ["mox/tlsrptdb_reportMultipleJSON.json"] =
        [
            ClaimAsync("expected: stored with test.xmox.nl, test2.xmox.nl configured → stored once for each, no domain skipped", async o => Assert.Equal((2, "test.xmox.nl, test2.xmox.nl", 0), Summary((await o.IngestAsync(MoxTenants)).Accepted))),
            Claim("manifest: tlsa policies → both policies are tlsa", o => Assert.Equal(["tlsa", "tlsa"], o.Report.Policies.Select(p => p.PolicyType))),
        ],
        ["mox/tlsrptdb_reportMixedJSON.json"] =
        [
            ClaimAsync("expected: stored → stored once, for test.xmox.nl", async o => Assert.Equal(["test.xmox.nl"], (await o.IngestAsync(MoxTenants)).Stored.Select(r => r.Domain))),
            ClaimAsync("expected: unknown policy domain ignored → unknown.xmox.nl skipped as not a tenant", async o => Assert.Contains("unknown.xmox.nl", (await o.IngestAsync(MoxTenants)).Accepted.UnknownDomains)),
            ClaimAsync("manifest: host-as-policy-domain → mail.mox.example (mox's own MX host) is no tenant here, so skipped too", async o => Assert.Equal(["mail.mox.example", "unknown.xmox.nl"], (await o.IngestAsync(MoxTenants)).Accepted.UnknownDomains.Order(StringComparer.Ordinal))),
            Claim("manifest: empty mx-host → the tlsa policy has no mx-host", o => Assert.Empty(o.Report.Policies.Single(p => p.PolicyType == "tlsa").MxHosts)),
        ],
        ["mox/tlsrptdb_reportUnknownJSON.json"] =
        [
            ClaimAsync("expected: AddReport must fail because every policy domain is unknown → refused naming both, nothing stored", async o => Assert.Equal((0, true, true), await RefusalNamesAsync(o, "unknown.mox.example", "unknown.xmox.nl"))),
        ],
        ["tlsrpt-digest/tlsrpt_failure.eml"] =
        [
            Claim("expected: a TLS-RPT attachment with at least one failing policy → a policy with failed sessions and failure details", o => Assert.Contains(o.Report.Policies, p => p.FailedSessions > 0 && p.FailureDetails.Count > 0)),
            Claim("note: date-range 2026-02-08..2026-02-09 disagrees with Report-ID/filename 2026-05-12 → the JSON's range counts: the report is on 2026-02-08", o => Assert.Equal((new DateTimeOffset(2026, 2, 8, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 9, 0, 0, 0, TimeSpan.Zero), new DateOnly(2026, 2, 8)), (o.Report.Start, o.Report.End, o.Report.Day))),
        ],
        ["tlsrpt-digest/tlsrpt_success_google_2.eml"] =
        [
            Claim("expected: readable and parsed by reprocess → one TLS report, read from the e-mail", o => OneReportFrom(o, "email")),
            Claim("manifest: real Google → organization-name Google Inc.", o => Assert.Equal("Google Inc.", o.Report.OrganizationName)),
        ],
        ["tlsrpt-digest/tlsrpt_success_google_1.eml"] =
        [
            Claim("expected: success report → sessions, none failed, no failure details", AllSessionsSucceeded),
            Claim("manifest: real Google → organization-name Google Inc.", o => Assert.Equal("Google Inc.", o.Report.OrganizationName)),
        ],
        ["tlsrpt-digest/tlsrpt_success_microsoft.eml"] =
        [
            Claim("expected: success report → sessions, none failed, no failure details", AllSessionsSucceeded),
            Claim("manifest: real Microsoft → organization-name Microsoft Corporation", o => Assert.Equal("Microsoft Corporation", o.Report.OrganizationName)),
        ],
        ["dmarc-report-viewer/rfc-example.json"] =
        [
            Claim("expected: serde round-trip stable → written back and read again, the same report", RoundTrips),
            Claim("expected: fields as in RFC → the §4.5 example's fields, failure-reason-code included", o => { Rfc8460Example.AssertMatches(o.Report); Assert.Equal(Rfc8460Example.ReasonCode, o.Policy.FailureDetails[2].FailureReasonCode); }),
        ],
        ["dmarc-report-viewer/microsoft.json"] =
        [
            Claim("expected: tlsa policy present → a tlsa policy", o => Assert.Contains(o.Report.Policies, p => p.PolicyType == "tlsa")),
            Claim("expected: sts policy has no mx-host → its MxHosts is empty", o => Assert.Empty(o.Report.Policies.Single(p => p.PolicyType == "sts").MxHosts)),
            Claim("manifest: tlsa double-encoded → the one string is decoded into its 2 TLSA records", o => Assert.Equal((JsonValueKind.String, 2), (RawKind(o, "policies.1.policy.policy-string.0"), o.Report.Policies.Single(p => p.PolicyType == "tlsa").PolicyStrings.Count(s => s.StartsWith("3 1 1 ", StringComparison.Ordinal))))),
        ],
        ["dmarc-report-viewer/google.json"] =
        [
            Claim("expected: parses → one TLS report, read from JSON", o => OneReportFrom(o, "json")),
            Claim("manifest: real Google → organization-name Google Inc.", o => Assert.Equal("Google Inc.", o.Report.OrganizationName)),
        ],
        ["dmarc-report-viewer/no-policy.json"] =
        [
            Claim("expected: no-policy-found → its policy is no-policy-found", o => Assert.Equal("no-policy-found", o.Policy.PolicyType)),
        ],
        ["dmarc-report-viewer/no-contact.json"] =
        [
            Claim("expected: contact_info == None (\"contact-info\": null) → ContactInfo is null", o => Assert.Equal((true, null), (o.Raw.Json.TryGetPropertyValue("contact-info", out var sent) && sent is null, o.Report.ContactInfo))),
            Claim("note: mx-host contains \"mx: mx.server.com\" (prefix left in) → kept as sent", o => Assert.Equal(["mx: mx.server.com"], o.Policy.MxHosts)),
        ],
        ["dmarc-report-viewer/no_ip_and_mx.json"] =
        [
            Claim("expected: sending_mta_ip == None → SendingMtaIp is null", o => Assert.Null(Assert.Single(o.Policy.FailureDetails).SendingMtaIp)),
            Claim("expected: receiving_mx_hostname == None → ReceivingMxHostname is null", o => Assert.Null(Assert.Single(o.Policy.FailureDetails).ReceivingMxHostname)),
        ],
        ["danmarg-tlsrpt_processor/sample.json"] =
        [
            Claim("expected: processed by tlsrpt_processor main → one TLS report, read from JSON", o => OneReportFrom(o, "json")),
            Claim("manifest: pre-RFC draft example → the §4.5 example's fields", o => Rfc8460Example.AssertMatches(o.Report)),
            Claim("note: failure-error-code instead of failure-reason-code → no failure-reason-code; failure-error-code kept as an unknown field", o => Assert.Equal((null, Rfc8460Example.ReasonCode), (o.Policy.FailureDetails[2].FailureReasonCode, o.Policy.FailureDetails[2].Extensions["failure-error-code"].GetString()))),
        ],
        ["robalexdev-tlsrpt-be/test.eml"] =
        [
            Claim("expected: mail ingester prints report-id 5065427c-… → that report-id", o => Assert.Equal(PrintedReportId("robalexdev-tlsrpt-be/test.eml"), o.Report.ReportId)),
            Claim("note: gzip attachment → the report part is application/tlsrpt+gzip", o => TheReportPartIs(o, "application/tlsrpt+gzip", "base64")),
            Claim("note: decodes to a variant of the RFC example → the §4.5 example's fields", o => Rfc8460Example.AssertMatches(o.Report)),
            Claim("note (wrong about this file): policy-domain changed to xn--gpher-jua.test → the attachment says company-y.example (testing.json has the IDN); we report the file", o => Assert.Equal(("company-y.example", "company-y.example"), (o.Raw.Json["policies"]![0]!["policy"]!["policy-domain"]!.GetValue<string>(), o.Policy.PolicyDomain))),
        ],
        ["robalexdev-tlsrpt-be/report.json"] =
        [
            ClaimAsync("expected: uploaded, report-id shown on the domain page → stored for its policy domain under its report-id", async o => Assert.Equal(("xn--gpher-jua.test", "report-id-from-report.json"), await StoredAsAsync(o, "xn--gpher-jua.test"))),
            Claim("note: IDN (punycode) policy-domain → xn--gpher-jua.test, an A-label", o => Assert.Equal("xn--gpher-jua.test", o.Policy.PolicyDomain)),
            Claim("note: no-policy-found with 102 failures and no failure-details → as sent", o => Assert.Equal(("no-policy-found", 102L, 0), (o.Policy.PolicyType, o.Policy.FailedSessions, o.Policy.FailureDetails.Count))),
        ],
        ["robalexdev-tlsrpt-be/report-2.json"] =
        [
            Claim("expected: synthetic no-policy-found report → its policy is no-policy-found", o => Assert.Equal("no-policy-found", o.Policy.PolicyType)),
        ],
        ["robalexdev-tlsrpt-be/testing.json"] =
        [
            ClaimAsync("expected: JSON counterpart of test.eml → test.eml's report, but for the report-id and policy-domain the files give differently", o => SameReportApartFromAsync(o, "robalexdev-tlsrpt-be/test.eml", "report-id", "policies.0.policy.policy-domain")),
            Claim("manifest: IDN punycode policy-domain → xn--gpher-jua.test", o => Assert.Equal("xn--gpher-jua.test", o.Policy.PolicyDomain)),
        ],
    };

    /// <summary>The tenants an entry's ingestion verdict is judged with: mox's for mox's database tests, none otherwise.</summary>
    public static IReadOnlyList<string> TenantsFor(string file) => file.StartsWith("mox/tlsrptdb_", StringComparison.Ordinal) ? MoxTenants : [];

    private static TlsReportClaim Claim(string says, Action<TlsReportOutcome> check) => TlsReportClaim.Of(says, check);

    private static TlsReportClaim ClaimAsync(string says, Func<TlsReportOutcome, Task> check) => TlsReportClaim.OfAsync(says, check);

    private static (int Stored, string Domains, int Unknown) Summary(IngestResult result) =>
        (result.Stored, string.Join(", ", result.Domains.Order(StringComparer.Ordinal)), result.UnknownDomains.Count);

    private static void Refused(TlsReportOutcome o, string naming)
    {
        var refusal = Assert.IsType<ReportRefusedException>(o.Refusal);
        Assert.Equal(ReportRefusedException.Invalid, refusal.Code);
        Assert.Contains(naming, refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>Ingested with <paramref name="tenant"/> as the only tenant: the one stored row's domain and report-id.</summary>
    private static async Task<(string Domain, string ReportId)> StoredAsAsync(TlsReportOutcome o, string tenant)
    {
        var row = Assert.Single((await o.IngestAsync([tenant])).Stored);
        return (row.Domain, row.ReportId);
    }

    /// <summary>Ingested with mox's tenants: how many rows were stored, and whether the refusal names each domain.</summary>
    private static async Task<(int Stored, bool, bool)> RefusalNamesAsync(TlsReportOutcome o, string first, string second)
    {
        var ingest = await o.IngestAsync(MoxTenants);
        var message = ingest.Refusal?.Message ?? string.Empty;
        return (ingest.Stored.Count, message.Contains(first, StringComparison.Ordinal), message.Contains(second, StringComparison.Ordinal));
    }
}
