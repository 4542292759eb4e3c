namespace MtaSts.Core.Tests.Support;

/// <summary>
/// The clock of another instance: the wall clock of <paramref name="inner"/> shifted by <paramref name="offset"/>,
/// its monotonic clock the same (skew shifts wall time, not the rate of elapsed time).
/// </summary>
public sealed class SkewedTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;
}
