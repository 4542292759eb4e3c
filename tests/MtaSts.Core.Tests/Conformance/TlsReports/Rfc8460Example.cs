using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>
/// The example report of RFC 8460 §4.5, which many corpus files copy. Its copies differ in the <c>additional-information</c>
/// text (the RFC's line break became spaces in some) and in the name of the reason-code field (drafts), so those are
/// left to the claims of each file.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8460#section-4.5"/>
public static class Rfc8460Example
{
    public const string ReportId = "5065427c-23d3-47ca-b6e0-946ea0e8c4be";

    public const string ReasonCode = "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED";

    public static void AssertMatches(TlsReport report, string policyDomain = "company-y.example", string reportId = ReportId)
    {
        Assert.Equal(
            ("Company-X", reportId, "sts-reporting@company-x.example", new DateTimeOffset(2016, 4, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2016, 4, 1, 23, 59, 59, TimeSpan.Zero)),
            (report.OrganizationName, report.ReportId, report.ContactInfo, report.Start, report.End));
        var policy = Assert.Single(report.Policies);
        Assert.Equal(("sts", policyDomain, 5326L, 303L), (policy.PolicyType, policy.PolicyDomain, policy.SuccessfulSessions, policy.FailedSessions));
        Assert.Equal(["version: STSv1", "mode: testing", "mx: *.mail.company-y.example", "max_age: 86400"], policy.PolicyStrings);
        Assert.Equal(["*.mail.company-y.example"], policy.MxHosts);
        (string, string?, string?, string?, long)[] details =
            [
                ("certificate-expired", "2001:db8:abcd:0012::1", "mx1.mail.company-y.example", null, 100L),
                ("starttls-not-supported", "2001:db8:abcd:0013::1", "mx2.mail.company-y.example", "203.0.113.56", 200L),
                ("validation-failure", "198.51.100.62", "mx-backup.mail.company-y.example", "203.0.113.58", 3L),
            ];
        Assert.Equal(details, policy.FailureDetails.Select(d => (d.ResultType, d.SendingMtaIp, d.ReceivingMxHostname, d.ReceivingIp, d.FailedSessionCount)));
        Assert.StartsWith("https://reports.company-x.example/report_info", policy.FailureDetails[1].AdditionalInformation, StringComparison.Ordinal);
    }
}
