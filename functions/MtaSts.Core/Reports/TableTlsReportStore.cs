using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MtaSts.Core.Storage;

namespace MtaSts.Core.Reports;

/// <summary>
/// <see cref="ITlsReportStore"/> on Azure Tables, all partitioned by policy domain: <c>tlsreports</c> (RowKey
/// <c>day_key</c>), <c>tlsfailures</c> (RowKey <c>day_key_index</c>) and <c>tlsdaily</c> (RowKey <c>day</c>). Failure
/// rows are written first (upserts of fixed keys), then the report row (insert-if-absent, the idempotency point), then
/// the day is recomputed from the rows, so a crash anywhere leaves nothing a retry cannot put right. Queries are
/// RowKey ranges built with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>. A table name prefix
/// keeps separate stores apart in one account (tests).
/// </summary>
public sealed class TableTlsReportStore(TableServiceClient service, string tablePrefix = "") : ITlsReportStore
{
    public const string ReportsTable = "tlsreports";
    public const string FailuresTable = "tlsfailures";
    public const string DailyTable = "tlsdaily";

    private readonly TableClient reports = service.GetTableClient(tablePrefix + ReportsTable);
    private readonly TableClient failures = service.GetTableClient(tablePrefix + FailuresTable);
    private readonly TableClient daily = service.GetTableClient(tablePrefix + DailyTable);
    private readonly CreateOnce created = new(() => Task.WhenAll(
        service.GetTableClient(tablePrefix + ReportsTable).CreateIfNotExistsAsync(),
        service.GetTableClient(tablePrefix + FailuresTable).CreateIfNotExistsAsync(),
        service.GetTableClient(tablePrefix + DailyTable).CreateIfNotExistsAsync()));

    public async Task<bool> AddAsync(StoredReport report, IReadOnlyList<StoredFailure> failureRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(failureRows);
        await created.EnsureAsync().ConfigureAwait(false);
        foreach (var chunk in failureRows.Chunk(100))
        {
            await failures.SubmitTransactionAsync(chunk.Select(f => new TableTransactionAction(TableTransactionActionType.UpsertReplace, FailureEntity(f))), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await reports.AddEntityAsync(ReportEntity(report), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<DailySummary> RecomputeDayAsync(string domain, DateOnly day, CancellationToken cancellationToken)
    {
        await created.EnsureAsync().ConfigureAwait(false);
        var prefix = Day(day) + "_";
        var end = Day(day) + "`";
        var reportFilter = TableClient.CreateQueryFilter($"PartitionKey eq {domain} and RowKey ge {prefix} and RowKey lt {end}");
        var reportRows = new List<TableEntity>();
        await foreach (var row in reports.QueryAsync<TableEntity>(reportFilter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            reportRows.Add(row);
        }

        // Failure rows of a report whose report row was never written (a crash in between) are not counted.
        var reportKeys = reportRows.Select(r => r.RowKey[prefix.Length..]).ToHashSet(StringComparer.Ordinal);
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        var byMx = new Dictionary<string, long>(StringComparer.Ordinal);
        var byOrganization = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var row in failures.QueryAsync<TableEntity>(reportFilter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!reportKeys.Contains(row.GetString("ReportKey") ?? string.Empty))
            {
                continue;
            }

            var count = row.GetInt64("FailedSessionCount") ?? 0;
            Add(byType, row.GetString("ResultType") ?? "unknown", count);
            Add(byMx, row.GetString("ReceivingMxHostname") ?? "(not reported)", count);
            Add(byOrganization, row.GetString("OrganizationName") ?? "(unknown)", count);
        }

        var summary = new DailySummary(
            domain,
            day,
            reportRows.Count,
            reportRows.Sum(r => r.GetInt64("Successful") ?? 0),
            reportRows.Sum(r => r.GetInt64("Failed") ?? 0),
            Top(byType),
            Top(byMx),
            Top(byOrganization));
        await daily.UpsertEntityAsync(DailyEntity(summary), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    public async Task<IReadOnlyList<DailySummary>> GetDaysAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {domain} and RowKey ge {Day(from)} and RowKey le {Day(to)}");
        var days = new List<DailySummary>();
        try
        {
            await foreach (var row in daily.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                days.Add(new DailySummary(
                    domain,
                    DateOnly.ParseExact(row.RowKey, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    row.GetInt32("Reports") ?? 0,
                    row.GetInt64("Successful") ?? 0,
                    row.GetInt64("Failed") ?? 0,
                    Counts(row, "ByResultType"),
                    Counts(row, "ByReceivingMx"),
                    Counts(row, "ByOrganization")));
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
        {
        }

        return days;
    }

    /// <summary>Keeps a breakdown within a Table property: the largest entries, the rest folded into "(other)".</summary>
    private static Dictionary<string, long> Top(Dictionary<string, long> counts)
    {
        const int Keep = 200;
        if (counts.Count <= Keep)
        {
            return counts;
        }

        var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var top = ordered.Take(Keep).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        top["(other)"] = top.GetValueOrDefault("(other)") + ordered.Skip(Keep).Sum(c => c.Value);
        return top;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Add(Dictionary<string, long> counts, string key, long value) =>
        counts[key] = counts.GetValueOrDefault(key) + value;

    private static Dictionary<string, long> Counts(TableEntity row, string column) =>
        row.GetString(column) is { Length: > 0 } json ? JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [] : [];

    private static TableEntity ReportEntity(StoredReport report) => new(report.Domain, $"{Day(report.Day)}_{report.Key}")
    {
        ["OrganizationName"] = report.OrganizationName,
        ["ReportId"] = report.ReportId,
        ["Start"] = report.Start,
        ["End"] = report.End,
        ["ContactInfo"] = report.ContactInfo,
        ["Successful"] = report.Successful,
        ["Failed"] = report.Failed,
        ["Channel"] = report.Channel,
        ["BlobName"] = report.BlobName,
        ["ReceivedAt"] = report.ReceivedAt,
        ["Dkim"] = report.Dkim,
    };

    private static TableEntity FailureEntity(StoredFailure failure) =>
        new(failure.Domain, $"{Day(failure.Day)}_{failure.ReportKey}_{failure.Index.ToString("D5", CultureInfo.InvariantCulture)}")
        {
            ["ReportKey"] = failure.ReportKey,
            ["OrganizationName"] = failure.OrganizationName,
            ["ResultType"] = failure.ResultType,
            ["ReceivingMxHostname"] = failure.ReceivingMxHostname,
            ["SendingMtaIp"] = failure.SendingMtaIp,
            ["ReceivingIp"] = failure.ReceivingIp,
            ["FailureReasonCode"] = failure.FailureReasonCode,
            ["FailedSessionCount"] = failure.FailedSessionCount,
        };

    private static TableEntity DailyEntity(DailySummary summary) => new(summary.Domain, Day(summary.Day))
    {
        ["Reports"] = summary.Reports,
        ["Successful"] = summary.Successful,
        ["Failed"] = summary.Failed,
        ["ByResultType"] = JsonSerializer.Serialize(summary.FailuresByResultType),
        ["ByReceivingMx"] = JsonSerializer.Serialize(summary.FailuresByReceivingMx),
        ["ByOrganization"] = JsonSerializer.Serialize(summary.FailuresByOrganization),
    };
}
