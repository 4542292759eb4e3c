namespace MtaSts.Core.Policies;

/// <summary>
/// A valid MTA-STS policy (RFC 8461 §3.2): mode, the MX patterns (A-labels, at most one leading <c>*.</c>
/// label each) and max_age in seconds. Create one with <see cref="PolicyDraftValidator"/> or
/// <see cref="PolicyParser"/>; render it with <see cref="PolicyWriter"/>.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-3.2"/>
public sealed record StsPolicy(PolicyMode Mode, IReadOnlyList<string> Mx, long MaxAgeSeconds)
{
    /// <summary>RFC 8461 §3.2: max_age is at most 31557600 seconds (about one year).</summary>
    public const long MaxAgeLimit = 31_557_600;

    /// <summary>RFC 8461 §3.3: senders should not accept a policy body larger than 64 KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public bool Equals(StsPolicy? other) =>
        other is not null && Mode == other.Mode && MaxAgeSeconds == other.MaxAgeSeconds && Mx.SequenceEqual(other.Mx);

    public override int GetHashCode() => HashCode.Combine(Mode, MaxAgeSeconds, Mx.Count);
}
