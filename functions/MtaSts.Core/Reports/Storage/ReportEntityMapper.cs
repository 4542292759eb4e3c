using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;

namespace MtaSts.Core.Reports;

/// <summary>
/// Maps reports and day summaries to rows of the <c>tlsreports</c> table (PartitionKey = tenant domain): a report row
/// <c>r_{day}_{key}[_{content}]</c>, a day row <c>d_{day}</c> with, per provenance class, <c>P_</c> (counts),
/// <c>F_</c> (failures by result type and MX) and <c>O_</c> (per organization) properties as small JSON. The
/// bounds of <see cref="ProvenanceSummary"/>, <see cref="StoredText"/> and <see cref="StoredJson"/> keep every string
/// property far below the Table limit of 32K characters and the row below 1 MiB. Also reads the summaries of the <c>tlsdaily</c> table of
/// earlier versions, as provenance <see cref="Provenance.Unknown"/>.
/// </summary>
internal static class ReportEntityMapper
{
    public static string DayRowKey(DateOnly day) => $"d_{day:yyyy-MM-dd}";

    public static TableEntity ToEntity(StoredReport report)
    {
        var entity = new TableEntity(report.Domain, report.RowKey)
        {
            ["Key"] = report.Key,
            ["OrganizationName"] = report.OrganizationName,
            ["ReportId"] = report.ReportId,
            ["Start"] = report.Start,
            ["End"] = report.End,
            ["ContactInfo"] = report.ContactInfo,
            ["Successful"] = report.Contribution.Successful,
            ["Failed"] = report.Contribution.Failed,
            ["Sts"] = report.Contribution.Sts,
            ["Failures"] = StoredJson.Failures(report.Contribution.Failures),
            ["Channel"] = report.Channel,
            ["BlobName"] = report.BlobName,
            ["ReceivedAt"] = report.ReceivedAt,
            ["Provenance"] = report.Provenance,
            ["SigningDomain"] = report.SigningDomain,
            ["Dkim"] = report.Dkim,
            ["ContentHash"] = report.ContentHash,
            ["Status"] = report.Status,
        };
        if (report.ETag is { } etag)
        {
            entity.ETag = etag;
        }

        return entity;
    }

    public static StoredReport FromEntity(TableEntity entity, DateOnly day)
    {
        var failures = StoredJson.Deserialize<StoredJson.FailureJson[]>(entity.GetString("Failures"))?.Select(f => new FailureCount(f.T ?? "unknown", f.M ?? FailureCount.NotReported, f.C)).ToArray() ?? [];
        return new StoredReport(
            entity.PartitionKey,
            day,
            entity.GetString("Key") ?? string.Empty,
            entity.GetString("OrganizationName") ?? string.Empty,
            entity.GetString("ReportId") ?? string.Empty,
            entity.GetDateTimeOffset("Start") ?? default,
            entity.GetDateTimeOffset("End") ?? default,
            entity.GetString("ContactInfo"),
            new ReportContribution(entity.GetInt64("Successful") ?? 0, entity.GetInt64("Failed") ?? 0, failures) { Sts = Math.Max(0, entity.GetInt64("Sts") ?? 0) },
            entity.GetString("Channel") ?? string.Empty,
            entity.GetString("BlobName") ?? string.Empty,
            entity.GetDateTimeOffset("ReceivedAt") ?? default,
            entity.GetString("Provenance") ?? Provenance.Unknown,
            entity.GetString("SigningDomain"),
            entity.GetString("Dkim"),
            entity.GetString("ContentHash") ?? string.Empty)
        {
            Status = entity.GetString("Status") ?? StoredReport.Counted,
            RowKey = entity.RowKey,
            ETag = entity.ETag,
        };
    }

    public static TableEntity ToEntity(DaySummary day)
    {
        var entity = new TableEntity(day.Domain, DayRowKey(day.Day))
        {
            ["Received"] = day.Received,
            ["ReceivedAligned"] = day.ReceivedAligned,
            ["ReceivedAnonymous"] = day.ReceivedAnonymous,
            ["Signers"] = JsonSerializer.Serialize(day.Signers, StoredJson.Options),
            ["ConflictItems"] = StoredJson.Conflicts(day.ConflictItems),
        };
        foreach (var (name, summary) in day.Classes.Where(c => !c.Value.IsEmpty))
        {
            var property = name.Replace('-', '_');
            entity["P_" + property] = JsonSerializer.Serialize(new StoredJson.CountsJson(summary.Reports, summary.Successful, summary.Failed, summary.Sts), StoredJson.Options);
            entity["F_" + property] = StoredJson.Failures(summary.Failures);
            entity["O_" + property] = StoredJson.Organizations(summary.Organizations);
        }

        return entity;
    }

    public static DaySummary DayFromEntity(TableEntity entity)
    {
        var day = new DaySummary(entity.PartitionKey, ParseDay(entity.RowKey[2..]))
        {
            Received = entity.GetInt32("Received") ?? 0,
            ReceivedAligned = entity.GetInt32("ReceivedAligned") ?? 0,
            ReceivedAnonymous = entity.GetInt32("ReceivedAnonymous") ?? 0,
        };
        foreach (var (key, count) in StoredJson.Deserialize<Dictionary<string, int>>(entity.GetString("Signers")) ?? [])
        {
            day.SetSigner(key, count);
        }

        foreach (var property in entity.Keys.Where(k => k.StartsWith("P_", StringComparison.Ordinal)))
        {
            var name = property[2..];
            var counts = StoredJson.Deserialize<StoredJson.CountsJson>(entity.GetString(property)) ?? new StoredJson.CountsJson(0, 0, 0);
            var failures = StoredJson.Deserialize<StoredJson.FailureJson[]>(entity.GetString("F_" + name)) ?? [];
            var organizations = StoredJson.Deserialize<StoredJson.OrganizationJson[]>(entity.GetString("O_" + name)) ?? [];
            day.SetClass(name.Replace('_', '-'), ProvenanceSummary.From(
                counts.R,
                counts.S,
                counts.F,
                failures.Select(f => new FailureCount(f.T ?? "unknown", f.M ?? FailureCount.NotReported, f.C)),
                organizations.Where(o => o.N is not null).Select(o => KeyValuePair.Create(o.N!, new OrganizationCounts(o.R, o.S, o.F, o.T))),
                counts.T));
        }

        foreach (var item in StoredJson.Deserialize<StoredJson.ConflictJson[]>(entity.GetString("ConflictItems")) ?? [])
        {
            day.AddConflictItem(new ConflictItem(item.O ?? string.Empty, item.I ?? string.Empty, item.P ?? string.Empty));
        }

        return day;
    }

    /// <summary>A summary row of the earlier <c>tlsdaily</c> table (RowKey = day), as one class of unknown provenance.</summary>
    public static DaySummary LegacyDay(TableEntity entity)
    {
        var day = new DaySummary(entity.PartitionKey, ParseDay(entity.RowKey));
        var byType = StoredJson.Deserialize<Dictionary<string, long>>(entity.GetString("ByResultType")) ?? [];
        var byOrganization = StoredJson.Deserialize<Dictionary<string, long>>(entity.GetString("ByOrganization")) ?? [];
        day.SetClass(Provenance.Unknown, ProvenanceSummary.From(
            entity.GetInt32("Reports") ?? 0,
            entity.GetInt64("Successful") ?? 0,
            entity.GetInt64("Failed") ?? 0,
            byType.Select(t => new FailureCount(StoredText.Clean(t.Key, StoredText.MaxResultType), FailureCount.NotReported, t.Value)),
            byOrganization.Select(o => KeyValuePair.Create(StoredText.Clean(o.Key, StoredText.MaxName), new OrganizationCounts(0, 0, o.Value, 0))),
            0)); // the policy types were never kept: no sts sessions known
        return day;
    }

    private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
