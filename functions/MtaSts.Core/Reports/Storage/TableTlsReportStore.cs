using System.Globalization;
using Azure;
using Azure.Data.Tables;
using MtaSts.Core.Storage;

namespace MtaSts.Core.Reports;

/// <summary>
/// <see cref="ITlsReportStore"/> on Azure Tables, partitioned by tenant domain. A report row and its day row live in
/// one partition of <c>tlsreports</c>, so storing a report is one entity group transaction: insert the report row,
/// update the rows of its key whose status changes, and add it to the day row, each conditional on the ETag read; a
/// racing ingest or a retry after a crash fails the transaction as a whole (409/412) and the step is planned again
/// from fresh reads. Failure details go to <c>tlsfailures</c> afterwards, under keys derived from the stored report,
/// so they can only ever be rewritten with the same content. Queries are RowKey ranges built with
/// <see cref="TableClient.CreateQueryFilter(FormattableString)"/>. A table name prefix keeps separate stores apart
/// in one account (tests).
/// </summary>
public sealed class TableTlsReportStore(TableServiceClient service, string tablePrefix = "") : ITlsReportStore
{
    public const string ReportsTable = "tlsreports";
    public const string FailuresTable = "tlsfailures";

    /// <summary>The day summaries of earlier versions, read as provenance <see cref="Provenance.Unknown"/>.</summary>
    public const string LegacyDailyTable = "tlsdaily";

    /// <summary>Conflicting writes are planned again this many times before the ingest is left to its retry.</summary>
    public const int Attempts = 20;

    private readonly TableClient reports = service.GetTableClient(tablePrefix + ReportsTable);
    private readonly TableClient failures = service.GetTableClient(tablePrefix + FailuresTable);
    private readonly TableClient legacy = service.GetTableClient(tablePrefix + LegacyDailyTable);
    private readonly CreateOnce created = new(() => Task.WhenAll(
        service.GetTableClient(tablePrefix + ReportsTable).CreateIfNotExistsAsync(),
        service.GetTableClient(tablePrefix + FailuresTable).CreateIfNotExistsAsync()));

    public async Task<StoreOutcome> AddAsync(StoredReport report, IReadOnlyList<StoredFailure> failureRows, ReportQuota quota, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(failureRows);
        await created.EnsureAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var group = await GroupAsync(report, cancellationToken).ConfigureAwait(false);
            var dayEntity = await reports.GetEntityIfExistsAsync<TableEntity>(report.Domain, ReportEntityMapper.DayRowKey(report.Day), cancellationToken: cancellationToken).ConfigureAwait(false);
            var day = dayEntity.HasValue ? ReportEntityMapper.DayFromEntity(dayEntity.Value!) : null;
            var plan = IngestPlanner.Plan(group, day, report, quota);
            if (plan.Outcome == StoreOutcome.OverQuota)
            {
                return plan.Outcome;
            }

            try
            {
                await WriteAsync(plan, dayEntity.HasValue ? dayEntity.Value!.ETag : null, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var stored = plan.Insert ?? plan.Existing!;
            await WriteFailuresAsync(stored, failureRows, cancellationToken).ConfigureAwait(false);
            return plan.Outcome;
        }
    }

    public async Task<IReadOnlyList<DaySummary>> GetDaysAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var days = new SortedDictionary<DateOnly, DaySummary>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {domain} and RowKey ge {ReportEntityMapper.DayRowKey(from)} and RowKey le {ReportEntityMapper.DayRowKey(to)}");
        await foreach (var row in QueryAsync(reports, filter, cancellationToken).ConfigureAwait(false))
        {
            var day = ReportEntityMapper.DayFromEntity(row);
            days[day.Day] = day;
        }

        var legacyFilter = TableClient.CreateQueryFilter($"PartitionKey eq {domain} and RowKey ge {Day(from)} and RowKey le {Day(to)}");
        await foreach (var row in QueryAsync(legacy, legacyFilter, cancellationToken).ConfigureAwait(false))
        {
            var old = ReportEntityMapper.LegacyDay(row);
            if (!days.TryGetValue(old.Day, out var day))
            {
                days[old.Day] = old;
            }
            else
            {
                day.SetClass(Provenance.Unknown, old.Classes[Provenance.Unknown]);
            }
        }

        return [.. days.Values];
    }

    private async Task<List<StoredReport>> GroupAsync(StoredReport report, CancellationToken cancellationToken)
    {
        var first = StoredReport.RowKeyFor(report.Day, report.Key);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {report.Domain} and RowKey ge {first} and RowKey lt {first + "`"}");
        var group = new List<StoredReport>();
        await foreach (var row in QueryAsync(reports, filter, cancellationToken).ConfigureAwait(false))
        {
            group.Add(ReportEntityMapper.FromEntity(row, report.Day));
        }

        return group;
    }

    private async Task WriteAsync(IngestPlan plan, ETag? dayETag, CancellationToken cancellationToken)
    {
        if (plan.Insert is null && plan.Updates.Count == 0)
        {
            return;
        }

        var actions = new List<TableTransactionAction>();
        if (plan.Insert is { } insert)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ReportEntityMapper.ToEntity(insert)));
        }

        actions.AddRange(plan.Updates.Select(u => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ReportEntityMapper.ToEntity(u), u.ETag!.Value)));
        var dayRow = ReportEntityMapper.ToEntity(plan.Day!);
        actions.Add(dayETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, dayRow, etag)
            : new TableTransactionAction(TableTransactionActionType.Add, dayRow));
        await reports.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteFailuresAsync(StoredReport report, IReadOnlyList<StoredFailure> rows, CancellationToken cancellationToken)
    {
        var prefix = report.RowKey[2..];
        foreach (var chunk in rows.Chunk(100))
        {
            await failures.SubmitTransactionAsync(
                chunk.Select(f => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(report.Domain, $"{prefix}_{f.Index.ToString("D5", CultureInfo.InvariantCulture)}")
                {
                    ["OrganizationName"] = report.OrganizationName,
                    ["Status"] = report.Status,
                    ["ResultType"] = f.ResultType,
                    ["ReceivingMxHostname"] = f.ReceivingMxHostname,
                    ["SendingMtaIp"] = f.SendingMtaIp,
                    ["ReceivingIp"] = f.ReceivingIp,
                    ["FailureReasonCode"] = f.FailureReasonCode,
                    ["FailedSessionCount"] = f.FailedSessionCount,
                })),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<TableEntity> QueryAsync(TableClient table, string filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages().GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (RequestFailedException e) when (e.ErrorCode == "TableNotFound")
                {
                    yield break;
                }

                foreach (var row in pages.Current.Values)
                {
                    yield return row;
                }
            }
        }
        finally
        {
            await pages.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
