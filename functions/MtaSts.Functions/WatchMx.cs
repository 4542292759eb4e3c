using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Alerts;
using MtaSts.Core.Mx;

namespace MtaSts.Functions;

/// <summary>
/// Timer <c>%MxWatchSchedule%</c>: resolves a batch of tenants' live MX sets at <c>Mx:DnsServer</c> and holds their
/// policies against them (<see cref="MxWatcher"/>), then delivers the alerts it raised.
/// </summary>
public sealed class WatchMx(MxWatcher watcher, AlertDispatcher dispatcher)
{
    [Function(nameof(WatchMx))]
    public async Task Run([TimerTrigger("%MxWatchSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await watcher.RunAsync(cancellationToken).ConfigureAwait(false);
        await dispatcher.DeliverAsync(cancellationToken).ConfigureAwait(false);
    }
}
