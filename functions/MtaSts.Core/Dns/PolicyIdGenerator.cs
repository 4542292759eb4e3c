using System.Globalization;

namespace MtaSts.Core.Dns;

/// <summary>
/// New policy ids (RFC 8461 §3.1: 1-32 letters and digits): the UTC time as <c>yyyyMMddHHmmss</c>, with a counter
/// appended when that would not be greater than the last id (two rotations in one second, or a clock that stepped
/// back). Ids are ordered by their timestamp, then by their counter, so every new id is greater than the last.
/// </summary>
public static class PolicyIdGenerator
{
    private const int StampLength = 14;

    public static string Next(DateTimeOffset now, string? last)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        if (!TryParse(last, out var lastStamp, out var lastCounter))
        {
            return stamp == last ? stamp + "1" : stamp;
        }

        return string.CompareOrdinal(stamp, lastStamp) > 0
            ? stamp
            : lastStamp + (lastCounter + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Orders ids this generator made; ids of another form sort before them.</summary>
    public static int Compare(string? a, string? b)
    {
        var aOurs = TryParse(a, out var aStamp, out var aCounter);
        var bOurs = TryParse(b, out var bStamp, out var bCounter);
        if (aOurs != bOurs)
        {
            return aOurs ? 1 : -1;
        }

        if (!aOurs)
        {
            return string.CompareOrdinal(a, b);
        }

        var byStamp = string.CompareOrdinal(aStamp, bStamp);
        return byStamp != 0 ? byStamp : aCounter.CompareTo(bCounter);
    }

    public static string? Max(string? a, string? b) => Compare(a, b) >= 0 ? a : b;

    /// <summary>Whether <paramref name="id"/> has the form this generator makes (a timestamp and an optional counter).</summary>
    public static bool IsGenerated(string? id) => TryParse(id, out _, out _);

    private static bool TryParse(string? id, out string stamp, out long counter)
    {
        stamp = string.Empty;
        counter = 0;
        if (id is null || id.Length < StampLength || id.Length > StampLength + 18 || !id.All(char.IsAsciiDigit))
        {
            return false;
        }

        stamp = id[..StampLength];
        return id.Length == StampLength || long.TryParse(id.AsSpan(StampLength), NumberStyles.None, CultureInfo.InvariantCulture, out counter);
    }
}
