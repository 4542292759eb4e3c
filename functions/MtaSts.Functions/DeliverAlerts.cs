using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Alerts;

namespace MtaSts.Functions;

/// <summary>Timer <c>%AlertDeliverySchedule%</c>: delivers the alert outbox, retrying failed webhooks with backoff (<see cref="AlertDispatcher"/>).</summary>
public sealed class DeliverAlerts(AlertDispatcher dispatcher)
{
    [Function(nameof(DeliverAlerts))]
    public Task Run([TimerTrigger("%AlertDeliverySchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.DeliverAsync(cancellationToken);
}
