using static MtaSts.Core.Tests.Conformance.TlsReports.TlsReportChecks;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>
/// What each message vector (<c>vectors/*.json</c>, keyed <c>file#id</c>) says beyond its verdict, one claim per line:
/// from the vector file's <c>description</c> or the vector's <c>note</c>. Every vector needs a line here.
/// </summary>
public static class TlsReportMessageVectorClaims
{
    private const string Mox = "vectors/tlsrpt_message_vectors.json#";

    /// <summary>The vector file's description: each message is mox's template around the test's reportJSON, which the corpus holds as this file.</summary>
    private const string ReportJson = "mox/tlsrpt_reportJSON_rfc8460_variant.json";

    public static IReadOnlyDictionary<string, TlsReportClaim[]> ByVector { get; } = new Dictionary<string, TlsReportClaim[]>(StringComparer.Ordinal)
    {
        [Mox + "mox-rfc-message-tlsrpt+json"] =
        [
            TlsReportClaim.OfAsync("description: template + reportJSON → the same report as " + ReportJson, o => SameReportAsAsync(o, ReportJson)),
            TlsReportClaim.Of("note: uncompressed application/tlsrpt+json part with 8bit CTE although the filename ends in .json.gz → read from that part as JSON", o => TheReportPartIs(o, "application/tlsrpt+json", "8bit")),
        ],
        [Mox + "mox-nonmultipart-message"] =
        [
            TlsReportClaim.OfAsync("description: template + reportJSON → the same report as " + ReportJson, o => SameReportAsAsync(o, ReportJson)),
            TlsReportClaim.Of("note: whole message body is application/tlsrpt+json → an e-mail whose TLS-Report-Domain is kept", o => Assert.Equal(("email", "example.net"), (o.Accepted.Format, o.Accepted.ReportDomainHeader))),
        ],
        [Mox + "mox-multipart-related"] =
        [
            TlsReportClaim.Of("expected: ErrNoReport for multipart/related → the refusal says a TLS report is multipart/report", o => Assert.Contains("multipart/related", o.Refusal?.Message, StringComparison.Ordinal)),
        ],
        [Mox + "mox-application-json"] =
        [
            TlsReportClaim.Of("note: report part labelled application/json → the refusal says there is no application/tlsrpt part", o => Assert.Contains("no application/tlsrpt+gzip or application/tlsrpt+json part", o.Refusal?.Message, StringComparison.Ordinal)),
        ],
    };
}
