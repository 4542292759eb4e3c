namespace MtaSts.Core.Reports;

/// <summary>
/// Session counts added and removed without ever throwing: every count is at most
/// <see cref="TlsReportJsonParser.MaxSessionCount"/> when parsed, so real sums stay far from the limits, and the
/// arithmetic here treats negatives as zero, saturates at <see cref="long.MaxValue"/> and floors at zero whatever is
/// stored.
/// </summary>
public static class SaturatingCount
{
    public static long Add(long a, long b)
    {
        a = Math.Max(0, a);
        b = Math.Max(0, b);
        return a > long.MaxValue - b ? long.MaxValue : a + b;
    }

    public static long Subtract(long a, long b)
    {
        a = Math.Max(0, a);
        b = Math.Max(0, b);
        return a > b ? a - b : 0;
    }

    /// <summary>Report counts: at most <c>int.MaxValue - 1</c>, compared before adding so that nothing wraps.</summary>
    public static int AddReports(int a, int b)
    {
        a = Math.Max(0, a);
        b = Math.Max(0, b);
        return a >= int.MaxValue - 1 - b ? int.MaxValue - 1 : a + b;
    }

    public static int SubtractReports(int a, int b)
    {
        a = Math.Max(0, a);
        b = Math.Max(0, b);
        return a > b ? a - b : 0;
    }

    public static long Sum(IEnumerable<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Aggregate(0L, Add);
    }
}
