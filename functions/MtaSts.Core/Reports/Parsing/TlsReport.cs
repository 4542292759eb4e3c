using System.Text.Json;

namespace MtaSts.Core.Reports;

/// <summary>
/// One SMTP TLS report (RFC 8460 §4), normalised: datetimes in UTC, <c>mx-host</c> always a list, policy domains as
/// A-labels, a TLSA <c>policy-string</c> that was a JSON array inside one string decoded. Fields the RFC does not
/// define are kept in <see cref="Extensions"/>.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8460#section-4"/>
public sealed record TlsReport(
    string OrganizationName,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? ContactInfo,
    string ReportId,
    IReadOnlyList<TlsReportPolicy> Policies,
    IReadOnlyDictionary<string, JsonElement> Extensions)
{
    /// <summary>The UTC day the report is counted on: the day its date range starts.</summary>
    public DateOnly Day => DateOnly.FromDateTime(Start.UtcDateTime);
}
