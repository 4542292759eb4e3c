using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Alerts;
using MtaSts.Core.Dns;
using MtaSts.Core.Tenants;

namespace MtaSts.Functions;

/// <summary>
/// Timer <c>%RotationSchedule%</c>: publishes a new <c>_mta-sts</c> id for each tenant whose policy changed, once the
/// serving cache window has passed, re-verifies a batch of published records and finishes offboarding
/// (<see cref="PolicyIdRotator"/>). The Functions host runs one instance of a timer at a time.
/// </summary>
public sealed class RotatePolicyIds(PolicyIdRotator rotator, TenantConditions conditions, ITenantStore tenants)
{
    [Function(nameof(RotatePolicyIds))]
    public async Task Run([TimerTrigger("%RotationSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await rotator.RunAsync(cancellationToken).ConfigureAwait(false);

        // Then the alert conditions this run may have changed (rotation-failing, certificate); DeliverAlerts sends them,
        // so a slow webhook never delays the next run.
        await conditions.StateOfAllAsync(tenants, cancellationToken).ConfigureAwait(false);
    }
}
