using Microsoft.Azure.Functions.Worker;
using MtaSts.Core.Dns;

namespace MtaSts.Functions;

/// <summary>
/// Timer <c>%RotationSchedule%</c>: publishes a new <c>_mta-sts</c> id for each tenant whose policy changed, once the
/// serving cache window has passed, re-verifies a batch of published records and finishes offboarding
/// (<see cref="PolicyIdRotator"/>). The Functions host runs one instance of a timer at a time.
/// </summary>
public sealed class RotatePolicyIds(PolicyIdRotator rotator)
{
    [Function(nameof(RotatePolicyIds))]
    public Task Run([TimerTrigger("%RotationSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        rotator.RunAsync(cancellationToken);
}
