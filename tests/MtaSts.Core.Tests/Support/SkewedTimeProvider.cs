namespace MtaSts.Core.Tests.Support;

/// <summary>The clock of another instance: <paramref name="inner"/> shifted by <paramref name="offset"/>.</summary>
public sealed class SkewedTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;
}
