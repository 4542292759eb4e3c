using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Alerts;
using MtaSts.Core.FrontDoor;
using MtaSts.Core.Tenants;

namespace MtaSts.Functions;

/// <summary>
/// Timer <c>%CustomDomainSchedule%</c>: takes each tenant's <c>mta-sts</c> custom domain on Front Door from creation
/// through validation, route and certificate to live, and away again on offboarding (<see cref="CustomDomainSync"/>).
/// Does nothing while <c>FrontDoor:Shards</c> is empty.
/// </summary>
public sealed class SyncCustomDomains(CustomDomainSync sync, TenantConditions conditions, ITenantStore tenants)
{
    [Function(nameof(SyncCustomDomains))]
    public async Task Run([TimerTrigger("%CustomDomainSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await sync.RunAsync(cancellationToken).ConfigureAwait(false);

        // Then the alert conditions this run may have changed (rotation-failing, certificate); DeliverAlerts sends them,
        // so a slow webhook never delays the next run.
        await conditions.StateOfAllAsync(tenants, cancellationToken).ConfigureAwait(false);
    }
}
