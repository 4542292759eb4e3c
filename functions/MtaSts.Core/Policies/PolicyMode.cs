namespace MtaSts.Core.Policies;

/// <summary>
/// The <c>mode</c> of an MTA-STS policy (RFC 8461 §3.2, §5): <c>enforce</c>, <c>testing</c> or <c>none</c>.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-5"/>
public enum PolicyMode
{
    /// <summary>Sending MTAs refuse delivery to MX hosts that fail MX matching or certificate validation.</summary>
    Enforce,

    /// <summary>Sending MTAs deliver anyway but report failures (RFC 8460).</summary>
    Testing,

    /// <summary>The domain has no active policy; used to withdraw a policy (RFC 8461 §8.3).</summary>
    None,
}
