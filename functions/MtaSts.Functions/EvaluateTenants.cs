using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Alerts;
using MtaSts.Core.Readiness;

namespace MtaSts.Functions;

/// <summary>
/// Timer <c>%EvaluationSchedule%</c> (hourly; each tenant once a day): readiness, <c>autoPromote</c> and the alert
/// conditions (<see cref="TenantEvaluation"/>), the service-wide refusal alert, then delivery of what was raised.
/// </summary>
public sealed class EvaluateTenants(TenantEvaluation evaluation, IngestAlerts ingestAlerts, AlertDispatcher dispatcher)
{
    [Function(nameof(EvaluateTenants))]
    public async Task Run([TimerTrigger("%EvaluationSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await evaluation.RunAsync(cancellationToken).ConfigureAwait(false);
        await ingestAlerts.SettleAsync(cancellationToken).ConfigureAwait(false);
        await dispatcher.DeliverAsync(cancellationToken).ConfigureAwait(false);
    }
}
