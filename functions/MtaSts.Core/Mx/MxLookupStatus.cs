namespace MtaSts.Core.Mx;

/// <summary>What an MX lookup found.</summary>
public enum MxLookupStatus
{
    /// <summary>MX records: <see cref="MxLookup.Hosts"/>.</summary>
    Found,

    /// <summary>No MX record: mail goes to the domain itself (RFC 5321 §5.1, the implicit MX), which is the one host.</summary>
    Implicit,

    /// <summary>A null MX (RFC 7505): the domain accepts no mail.</summary>
    NullMx,

    /// <summary>The domain does not exist (NXDOMAIN).</summary>
    NoDomain,

    /// <summary>The resolver failed or did not answer: nothing is known, and nothing is concluded.</summary>
    Failed,
}
