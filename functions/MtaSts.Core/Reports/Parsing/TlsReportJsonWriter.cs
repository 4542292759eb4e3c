using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MtaSts.Core.Reports;

/// <summary>
/// Writes a <see cref="TlsReport"/> back as RFC 8460 §4 JSON in its normalised form (UTC datetimes with <c>Z</c>,
/// <c>mx-host</c> always an array, decoded TLSA strings), with unknown fields where they were found.
/// </summary>
public static class TlsReportJsonWriter
{
    public static JsonObject ToJson(TlsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonObject
        {
            ["organization-name"] = report.OrganizationName,
            ["date-range"] = new JsonObject
            {
                ["start-datetime"] = Date(report.Start),
                ["end-datetime"] = Date(report.End),
            },
            ["contact-info"] = report.ContactInfo,
            ["report-id"] = report.ReportId,
            ["policies"] = new JsonArray([.. report.Policies.Select(p => (JsonNode)Policy(p))]),
        };
        AddExtensions(json, report.Extensions);
        return json;
    }

    public static string Write(IEnumerable<TlsReport> reports) =>
        new JsonArray([.. reports.Select(r => (JsonNode)ToJson(r))]).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonObject Policy(TlsReportPolicy policy)
    {
        var described = new JsonObject
        {
            ["policy-type"] = policy.PolicyType,
            ["policy-string"] = Strings(policy.PolicyStrings),
            ["policy-domain"] = policy.PolicyDomain,
            ["mx-host"] = Strings(policy.MxHosts),
        };
        AddExtensions(described, policy.Extensions);
        return new JsonObject
        {
            ["policy"] = described,
            ["summary"] = new JsonObject
            {
                ["total-successful-session-count"] = policy.SuccessfulSessions,
                ["total-failure-session-count"] = policy.FailedSessions,
            },
            ["failure-details"] = new JsonArray([.. policy.FailureDetails.Select(d => (JsonNode)Detail(d))]),
        };
    }

    private static JsonObject Detail(TlsFailureDetail detail)
    {
        var json = new JsonObject { ["result-type"] = detail.ResultType };
        AddIfSet(json, "sending-mta-ip", detail.SendingMtaIp);
        AddIfSet(json, "receiving-mx-hostname", detail.ReceivingMxHostname);
        AddIfSet(json, "receiving-mx-helo", detail.ReceivingMxHelo);
        AddIfSet(json, "receiving-ip", detail.ReceivingIp);
        json["failed-session-count"] = detail.FailedSessionCount;
        AddIfSet(json, "additional-information", detail.AdditionalInformation);
        AddIfSet(json, "failure-reason-code", detail.FailureReasonCode);
        AddExtensions(json, detail.Extensions);
        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void AddIfSet(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    private static void AddExtensions(JsonObject json, IReadOnlyDictionary<string, JsonElement> extensions)
    {
        foreach (var (name, value) in extensions)
        {
            json[name] = JsonNode.Parse(value.GetRawText());
        }
    }
}
