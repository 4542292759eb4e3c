using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.FrontDoor;

namespace MtaSts.Functions;

/// <summary>
/// Timer <c>%CustomDomainSchedule%</c>: takes each tenant's <c>mta-sts</c> custom domain on Front Door from creation
/// through validation, route and certificate to live, and away again on offboarding (<see cref="CustomDomainSync"/>).
/// Does nothing while <c>FrontDoor:Shards</c> is empty.
/// </summary>
public sealed class SyncCustomDomains(CustomDomainSync sync)
{
    [Function(nameof(SyncCustomDomains))]
    public Task Run([TimerTrigger("%CustomDomainSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        sync.RunAsync(cancellationToken);
}
