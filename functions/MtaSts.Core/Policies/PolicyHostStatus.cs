namespace MtaSts.Core.Policies;

/// <summary>How <see cref="PolicyHost.TryGetTenantDomain"/> judged a Host header.</summary>
public enum PolicyHostStatus
{
    /// <summary>A well-formed <c>mta-sts.&lt;domain&gt;</c> name: the tenant domain was found.</summary>
    Tenant,

    /// <summary>A well-formed host name that is not <c>mta-sts.&lt;domain&gt;</c>: not ours to serve (404).</summary>
    NotPolicyHost,

    /// <summary>Empty, too long, an IP literal, bad characters or a bad port: a malformed request (400).</summary>
    Malformed,
}
