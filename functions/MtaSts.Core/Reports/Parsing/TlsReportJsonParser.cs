using System.Globalization;
using System.Text.Json;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Reports;

/// <summary>
/// Reads the JSON of an SMTP TLS report (RFC 8460 §4). Strict on the structure the RFC requires (organization-name,
/// date-range, report-id, policies with policy-type, summary counts, failure result types and counts), tolerant of
/// what real senders send: <c>mx-host</c> as a string, an array or absent; datetimes without a zone read as UTC;
/// <c>contact-info</c> null or missing; failure details without <c>sending-mta-ip</c> or <c>receiving-mx-hostname</c>;
/// a TLSA <c>policy-string</c> that is a JSON array encoded inside one string (Microsoft); no <c>policy-domain</c>,
/// which is then taken from the e-mail's <c>TLS-Report-Domain</c> header or the report's file name. Unknown fields
/// are kept.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8460#section-4"/>
public static class TlsReportJsonParser
{
    /// <summary>
    /// The largest session count accepted in any count field: a billion sessions in one report is far beyond any real
    /// sender's day for one domain, and with it no sum of stored counts can come near <see cref="long.MaxValue"/>.
    /// </summary>
    public const long MaxSessionCount = 1_000_000_000;

    /// <summary>Policies in one report: real reports have one or a few (one per MX for TLSA).</summary>
    public const int MaxPolicies = 100;

    /// <summary>Failure-details entries in one report, over all its policies.</summary>
    public const int MaxFailureDetails = 10_000;

    /// <summary>organization-name and report-id: identifiers, not documents.</summary>
    public const int MaxIdentifierLength = 1024;

    private static readonly HashSet<string> PolicyTypes = new(StringComparer.Ordinal) { "sts", "tlsa", "no-policy-found" };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    private static readonly byte[][] ReportFields = Utf8("organization-name", "date-range", "contact-info", "report-id", "policies");
    private static readonly byte[][] PolicyFields = Utf8("policy-type", "policy-string", "policy-domain", "mx-host");
    private static readonly byte[][] DetailFields = Utf8(
        "result-type", "sending-mta-ip", "receiving-mx-hostname", "receiving-mx-helo", "receiving-ip", "failed-session-count", "additional-information", "failure-reason-code");

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public static TlsReport Parse(ReadOnlyMemory<byte> json, string? fallbackPolicyDomain = null)
    {
        // A UTF-8 byte order mark is skipped (RFC 8259 §8.1 lets parsers ignore it). Not "\xEF\xBB\xBF"u8: that
        // literal is the UTF-8 encoding of the three characters U+00EF U+00BB U+00BF, six bytes that never match.
        var bytes = json.Span.StartsWith(Utf8ByteOrderMark) ? json[3..] : json;
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            // RFC 8259 §8.1: JSON exchanged between systems is UTF-8. JsonDocument checks strings only when they are read.
            throw new ReportRefusedException("the report is not valid UTF-8 (RFC 8259 §8.1)");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ReportRefusedException($"the report is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            return ReadReport(document.RootElement, fallbackPolicyDomain);
        }
    }

    private static TlsReport ReadReport(JsonElement root, string? fallbackPolicyDomain)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ReportRefusedException("the report is not a JSON object");
        }

        var range = Required(root, "date-range", JsonValueKind.Object, "date-range");
        var policies = Required(root, "policies", JsonValueKind.Array, "policies");
        var contact = root.TryGetProperty("contact-info", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var start = Date(range, "start-datetime");
        var end = Date(range, "end-datetime");
        if (end < start)
        {
            throw new ReportRefusedException("date-range ends before it starts");
        }

        if (policies.GetArrayLength() > MaxPolicies)
        {
            throw new ReportRefusedException($"the report has {policies.GetArrayLength()} policies; at most {MaxPolicies} are accepted") { Code = ReportRefusedException.TooLarge };
        }

        var read = policies.EnumerateArray().Select((p, i) => ReadPolicy(p, $"policies[{i}]", fallbackPolicyDomain)).ToArray();
        var details = read.Sum(p => p.FailureDetails.Count);
        if (details > MaxFailureDetails)
        {
            throw new ReportRefusedException($"the report has {details} failure-details entries; at most {MaxFailureDetails} are accepted") { Code = ReportRefusedException.TooLarge };
        }

        return new TlsReport(
            Identifier(root, "organization-name"),
            start,
            end,
            contact,
            Identifier(root, "report-id"),
            read,
            Extensions(root, ReportFields));
    }

    private static TlsReportPolicy ReadPolicy(JsonElement entry, string path, string? fallbackPolicyDomain)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new ReportRefusedException($"{path} is not an object");
        }

        var policy = Required(entry, "policy", JsonValueKind.Object, path + ".policy");
        var summary = Required(entry, "summary", JsonValueKind.Object, path + ".summary");
        var type = RequiredString(policy, "policy-type", path + ".policy.policy-type");
        if (!PolicyTypes.Contains(type))
        {
            throw new ReportRefusedException($"{path}.policy.policy-type '{Printable(type)}' is not sts, tlsa or no-policy-found");
        }

        var domainText = policy.TryGetProperty("policy-domain", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : fallbackPolicyDomain;
        if (string.IsNullOrWhiteSpace(domainText))
        {
            throw new ReportRefusedException($"{path}.policy.policy-domain is missing and neither a TLS-Report-Domain header nor the file name gives it");
        }

        if (!DomainName.TryNormalize(domainText.Trim(), out var domain, out var domainError))
        {
            throw new ReportRefusedException($"{path}.policy.policy-domain: {domainError}");
        }

        var details = entry.TryGetProperty("failure-details", out var f) && f.ValueKind == JsonValueKind.Array
            ? f.GetArrayLength() <= MaxFailureDetails
                ? f.EnumerateArray().Select((detail, i) => ReadDetail(detail, $"{path}.failure-details[{i}]")).ToArray()
                : throw new ReportRefusedException($"{path}.failure-details has {f.GetArrayLength()} entries; at most {MaxFailureDetails} are accepted") { Code = ReportRefusedException.TooLarge }
            : [];
        return new TlsReportPolicy(
            type,
            PolicyStrings(policy, type, path),
            domain,
            StringOrArray(policy, "mx-host", path + ".policy.mx-host"),
            Count(summary, "total-successful-session-count", path + ".summary"),
            Count(summary, "total-failure-session-count", path + ".summary"),
            details,
            Extensions(policy, PolicyFields));
    }

    private static TlsFailureDetail ReadDetail(JsonElement detail, string path)
    {
        if (detail.ValueKind != JsonValueKind.Object)
        {
            throw new ReportRefusedException($"{path} is not an object");
        }

        return new TlsFailureDetail(
            RequiredString(detail, "result-type", path + ".result-type"),
            OptionalString(detail, "sending-mta-ip"),
            OptionalString(detail, "receiving-mx-hostname"),
            OptionalString(detail, "receiving-mx-helo"),
            OptionalString(detail, "receiving-ip"),
            Count(detail, "failed-session-count", path),
            OptionalString(detail, "additional-information"),
            OptionalString(detail, "failure-reason-code"),
            Extensions(detail, DetailFields));
    }

    /// <summary>Microsoft sends a TLSA policy-string as one string holding a JSON array; it is decoded into its strings.</summary>
    private static IReadOnlyList<string> PolicyStrings(JsonElement policy, string type, string path)
    {
        var strings = StringOrArray(policy, "policy-string", path + ".policy.policy-string");
        if (type == "tlsa" && strings.Count == 1 && strings[0].TrimStart().StartsWith('['))
        {
            try
            {
                using var inner = JsonDocument.Parse(strings[0]);
                if (inner.RootElement.ValueKind == JsonValueKind.Array && inner.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                {
                    return inner.RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
                }
            }
            catch (JsonException)
            {
                // Not an encoded array after all: keep the string as it is.
            }
        }

        return strings;
    }

    private static IReadOnlyList<string> StringOrArray(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => value.EnumerateArray().Select(e => e.GetString()!).ToArray(),
            _ => throw new ReportRefusedException($"{path} must be a string or an array of strings"),
        };
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == kind
            ? value
            : throw new ReportRefusedException($"{path} is missing or not {(kind == JsonValueKind.Object ? "an object" : "an array")}");

    private static string RequiredString(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw new ReportRefusedException($"{path} is missing or not a non-empty string");

    private static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Count(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var count) || count < 0)
        {
            throw new ReportRefusedException($"{path}.{name} is missing or not a whole number of sessions");
        }

        return count <= MaxSessionCount
            ? count
            : throw new ReportRefusedException($"{path}.{name} is {count}; more than {MaxSessionCount} sessions in one report is not plausible");
    }

    private static string Identifier(JsonElement root, string name)
    {
        var text = RequiredString(root, name, name);
        return text.Length <= MaxIdentifierLength
            ? text
            : throw new ReportRefusedException($"{name} is {text.Length} characters long; at most {MaxIdentifierLength} are accepted");
    }

    private static DateTimeOffset Date(JsonElement range, string name)
    {
        // Fast path: ISO 8601 as senders write it; without an offset the time is read as UTC.
        if (range.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTime(out var parsed))
        {
            try
            {
                return parsed.Kind switch
                {
                    DateTimeKind.Utc => new DateTimeOffset(parsed),
                    DateTimeKind.Unspecified => new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc)),
                    _ => new DateTimeOffset(parsed).ToUniversalTime(),
                };
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new ReportRefusedException($"date-range.{name} is out of range", e);
            }
        }

        var text = RequiredString(range, name, "date-range." + name);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : throw new ReportRefusedException($"date-range.{name} '{Printable(text)}' is not a date and time");
    }

    private static readonly IReadOnlyDictionary<string, JsonElement> NoExtensions = new Dictionary<string, JsonElement>();

    /// <summary>Unknown fields, kept; names are compared as UTF-8, so objects without unknown fields allocate nothing.</summary>
    private static IReadOnlyDictionary<string, JsonElement> Extensions(JsonElement element, byte[][] known)
    {
        Dictionary<string, JsonElement>? extensions = null;
        foreach (var property in element.EnumerateObject())
        {
            if (!IsKnown(property, known))
            {
                extensions ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                extensions[property.Name] = property.Value.Clone();
            }
        }

        return extensions ?? NoExtensions;
    }

    private static bool IsKnown(JsonProperty property, byte[][] known)
    {
        foreach (var name in known)
        {
            if (property.NameEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[][] Utf8(params string[] names) => names.Select(n => System.Text.Encoding.UTF8.GetBytes(n)).ToArray();

    private static string Printable(string text) => DomainName.Printable(text);
}
