namespace MtaSts.Core.Serving;

/// <summary>A policy body (UTF-8, CRLF) or why there is none; <see cref="Stale"/> when served from an expired copy after a storage fault.</summary>
public sealed record PolicyLookup(PolicyLookupStatus Status, byte[]? Body, bool Stale = false)
{
    public static readonly PolicyLookup NotFound = new(PolicyLookupStatus.NotFound, null);
    public static readonly PolicyLookup Unavailable = new(PolicyLookupStatus.Unavailable, null);
}
