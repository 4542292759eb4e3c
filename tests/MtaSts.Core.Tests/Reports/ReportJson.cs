using System.Text;

namespace MtaSts.Core.Tests.Reports;

/// <summary>Report JSON for tests: one sts policy for <c>victim.example</c> on a given day.</summary>
public static class ReportJson
{
    public static byte[] For(string org = "Org", string id = "id-1", long successful = 10, string day = "2026-11-28", string domain = "victim.example", params (string Type, string Mx, long Count)[] failures) =>
        Encoding.UTF8.GetBytes($$"""
            {"organization-name":"{{org}}","date-range":{"start-datetime":"{{day}}T00:00:00Z","end-datetime":"{{day}}T23:59:59Z"},
             "contact-info":"tls@org.example","report-id":"{{id}}",
             "policies":[{"policy":{"policy-type":"sts","policy-domain":"{{domain}}","mx-host":["mx.{{domain}}"]},
               "summary":{"total-successful-session-count":{{successful}},"total-failure-session-count":{{failures.Sum(f => f.Count)}}},
               "failure-details":[{{string.Join(",", failures.Select(f => $$"""{"result-type":"{{f.Type}}","receiving-mx-hostname":"{{f.Mx}}","failed-session-count":{{f.Count}}}"""))}}]}]}
            """);
}
