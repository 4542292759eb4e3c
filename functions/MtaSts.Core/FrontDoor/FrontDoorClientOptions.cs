using Azure.Core;

namespace MtaSts.Core.FrontDoor;

/// <summary>
/// Pipeline options of the Front Door client: Azure.Core retries 429 and 5xx, honouring <c>Retry-After</c>; and how
/// long a long-running operation is followed before the run moves on (the next run reads the resource again).
/// </summary>
public sealed class FrontDoorClientOptions : ClientOptions
{
    public FrontDoorClientOptions()
    {
        Retry.MaxRetries = 4;
        Retry.Mode = RetryMode.Exponential;
        Retry.Delay = TimeSpan.FromSeconds(1);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>How long one long-running operation is followed at most.</summary>
    public TimeSpan OperationWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Bounds on the wait between polls of an operation (<c>Retry-After</c> inside them).</summary>
    public TimeSpan MinPollDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromSeconds(15);
}
