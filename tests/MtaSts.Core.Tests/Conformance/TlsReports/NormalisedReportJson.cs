using System.Globalization;
using System.Text.Json.Nodes;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>
/// A report's JSON as a sender wrote it, changed only by the normalisations the README documents, so that it can be
/// compared with what we parsed (written back with <see cref="TlsReportJsonWriter"/>): datetimes in UTC with <c>Z</c>
/// (no zone read as UTC), <c>contact-info</c> null when absent, policy domains as lower-case A-labels, <c>mx-host</c>
/// and <c>policy-string</c> always arrays, a TLSA <c>policy-string</c> that is one JSON-encoded array decoded, and an
/// absent <c>failure-details</c> empty. Every other field, unknown ones included, must come through unchanged.
/// </summary>
public static class NormalisedReportJson
{
    private static readonly IdnMapping Idn = new();

    public static JsonObject Of(TlsReport report) => JsonNode.Parse(TlsReportJsonWriter.ToJson(report).ToJsonString())!.AsObject();

    public static JsonObject From(JsonObject raw)
    {
        var json = raw.DeepClone().AsObject();
        var range = json["date-range"]!.AsObject();
        range["start-datetime"] = Utc(range["start-datetime"]!.GetValue<string>());
        range["end-datetime"] = Utc(range["end-datetime"]!.GetValue<string>());
        json["contact-info"] = json["contact-info"] is JsonValue contact && contact.TryGetValue<string>(out var text) ? text : null;
        foreach (var entry in json["policies"]!.AsArray().Select(p => p!.AsObject()))
        {
            var policy = entry["policy"]!.AsObject();
            policy["policy-domain"] = Idn.GetAscii(policy["policy-domain"]!.GetValue<string>().Trim()).ToLowerInvariant();
            policy["mx-host"] = Array(policy["mx-host"]);
            policy["policy-string"] = policy["policy-type"]!.GetValue<string>() == "tlsa" ? Tlsa(Array(policy["policy-string"])) : Array(policy["policy-string"]);
            entry["failure-details"] ??= new JsonArray();
        }

        return json;
    }

    private static string Utc(string datetime) =>
        DateTimeOffset.Parse(datetime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonArray Array(JsonNode? value) => value switch
    {
        null => [],
        JsonArray array => array.DeepClone().AsArray(),
        _ => [value.DeepClone()],
    };

    private static JsonArray Tlsa(JsonArray strings) =>
        strings is [JsonValue single] && single.GetValue<string>().TrimStart().StartsWith('[') ? JsonNode.Parse(single.GetValue<string>())!.AsArray() : strings;
}
