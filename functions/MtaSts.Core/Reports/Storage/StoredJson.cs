using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MtaSts.Core.Reports;

/// <summary>
/// The small JSON kept in Table string properties (breakdowns of a report and of a day, conflicts named). Text from
/// reports can grow up to six times when escaped (<c>\uXXXX</c>), so entry counts alone do not bound a property:
/// every breakdown is also folded to at most <see cref="MaxPropertyChars"/> serialized characters, which keeps each
/// property far below the Table limit (32K characters) and a day row with all its classes below 1 MiB.
/// </summary>
public static class StoredJson
{
    /// <summary>Serialized characters per breakdown property; a day row has at most three per provenance class.</summary>
    public const int MaxPropertyChars = 8_000;

    /// <summary>Escapes only what JSON requires (quotes, backslashes, controls, lone surrogates): the text is never HTML.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Room kept for the brackets and the <see cref="FailureCount.Other"/> entry a fold adds (about 90 characters at most).</summary>
    private const int Reserve = 128;

    public static string Failures(IEnumerable<FailureCount> failures) =>
        JsonSerializer.Serialize(failures.Select(f => new FailureJson(f.ResultType, f.ReceivingMx, f.Count)), Options);

    public static string Organizations(IEnumerable<KeyValuePair<string, OrganizationCounts>> organizations) =>
        JsonSerializer.Serialize(organizations.Select(o => new OrganizationJson(o.Key, o.Value.Reports, o.Value.Successful, o.Value.Failed, o.Value.Sts)), Options);

    public static string Conflicts(IEnumerable<ConflictItem> items) =>
        JsonSerializer.Serialize(items.Select(c => new ConflictJson(c.OrganizationName, c.ReportId, c.Provenance)), Options);

    public static int Length(FailureCount failure) => JsonSerializer.Serialize(new FailureJson(failure.ResultType, failure.ReceivingMx, failure.Count), Options).Length + 1;

    public static int Length(string organization, OrganizationCounts counts) =>
        JsonSerializer.Serialize(new OrganizationJson(organization, counts.Reports, counts.Successful, counts.Failed, counts.Sts), Options).Length + 1;

    public static int Length(ConflictItem item) => JsonSerializer.Serialize(new ConflictJson(item.OrganizationName, item.ReportId, item.Provenance), Options).Length + 1;

    /// <summary>How many of <paramref name="lengths"/> (in order) fit in a property next to one folded entry.</summary>
    public static int CountThatFits(IEnumerable<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        var used = Reserve;
        var count = 0;
        foreach (var length in lengths)
        {
            if (used > MaxPropertyChars - length)
            {
                break;
            }

            used += length;
            count++;
        }

        return count;
    }

    public static T? Deserialize<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Counts of a class: reports, successful, failed, and sts sessions (absent, so zero, in rows written before it was counted).</summary>
    public sealed record CountsJson(int R, long S, long F, long T = 0);

    public sealed record FailureJson(string? T, string? M, long C);

    public sealed record OrganizationJson(string? N, int R, long S, long F, long T = 0);

    public sealed record ConflictJson(string? O, string? I, string? P);
}
