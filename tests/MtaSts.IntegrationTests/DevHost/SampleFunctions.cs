using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;

namespace MtaSts.IntegrationTests.DevHost;

/// <summary>What the sample functions saw.</summary>
public sealed class SampleRecorder
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public int FailuresLeft { get; set; }
}

/// <summary>A timer function as the DevHost discovers it.</summary>
public sealed class SampleTimer(SampleRecorder recorder)
{
    [Function(nameof(SampleTimer))]
    public Task Run([TimerTrigger("%SampleSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        recorder.Calls.Enqueue("timer:" + (timer is not null));
        return Task.CompletedTask;
    }
}

/// <summary>A blob-triggered function as the DevHost discovers it; fails while <see cref="SampleRecorder.FailuresLeft"/> is positive.</summary>
public sealed class SampleBlob(SampleRecorder recorder)
{
    [Function(nameof(SampleBlob))]
    public async Task Run([BlobTrigger("sample-inbox/{name}", Connection = "Storage")] Stream content, string name, CancellationToken cancellationToken)
    {
        if (recorder.FailuresLeft-- > 0)
        {
            throw new InvalidOperationException("sample failure");
        }

        using var reader = new StreamReader(content);
        recorder.Calls.Enqueue($"blob:{name}:{await reader.ReadToEndAsync(cancellationToken)}");
    }
}
