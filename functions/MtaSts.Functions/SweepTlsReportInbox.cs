using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Reports;

namespace MtaSts.Functions;

/// <summary>
/// Timer <c>%ReportSweepSchedule%</c>: ingests the inbox blobs older than <c>Reports:SweepAfterMinutes</c>, whose
/// Event Grid event was lost or whose ingest failed on a transient fault (<see cref="InboxSweeper"/>).
/// </summary>
public sealed class SweepTlsReportInbox(InboxSweeper sweeper)
{
    [Function(nameof(SweepTlsReportInbox))]
    public Task Run([TimerTrigger("%ReportSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.RunAsync(cancellationToken);
}
