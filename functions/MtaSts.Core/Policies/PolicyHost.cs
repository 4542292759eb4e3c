namespace MtaSts.Core.Policies;

/// <summary>
/// Maps the host a policy request was sent to onto the tenant's domain (RFC 8461 §3.3: the policy is fetched
/// from <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>). The port and one trailing dot are
/// removed, the name is lower-cased and IDN names are converted to A-labels. Hostile input (empty, over-long,
/// IP literals, invalid characters, <c>mta-sts.</c> alone) is reported as malformed, never thrown.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-3.3"/>
public static class PolicyHost
{
    public const string Prefix = "mta-sts.";

    /// <summary>A Host header longer than a name, a colon and a port is refused before any other work.</summary>
    public const int MaxHostHeaderLength = DomainName.MaxLength + 1 + 6;

    public static PolicyHostStatus TryGetTenantDomain(string? host, out string domain, out string reason)
    {
        domain = string.Empty;
        if (string.IsNullOrWhiteSpace(host))
        {
            reason = "the Host header is missing or empty";
            return PolicyHostStatus.Malformed;
        }

        if (host.Length > MaxHostHeaderLength)
        {
            reason = "the Host header is too long";
            return PolicyHostStatus.Malformed;
        }

        if (host.StartsWith('['))
        {
            reason = "an IP address literal is not a policy host";
            return PolicyHostStatus.Malformed;
        }

        if (!TryStripPort(host, out var name))
        {
            reason = "the Host header has an invalid port";
            return PolicyHostStatus.Malformed;
        }

        if (!DomainName.TryNormalize(name, out var normalized, out var error))
        {
            reason = error;
            return PolicyHostStatus.Malformed;
        }

        if (!normalized.StartsWith(Prefix, StringComparison.Ordinal))
        {
            reason = $"'{normalized}' is not an mta-sts.<domain> host";
            return PolicyHostStatus.NotPolicyHost;
        }

        domain = normalized[Prefix.Length..];
        if (DomainName.LabelCount(domain) < 2)
        {
            reason = $"'{normalized}' does not name a mail domain of at least two labels";
            domain = string.Empty;
            return PolicyHostStatus.NotPolicyHost;
        }

        reason = string.Empty;
        return PolicyHostStatus.Tenant;
    }

    private static bool TryStripPort(string host, out string name)
    {
        var colon = host.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            name = host;
            return true;
        }

        name = host[..colon];
        var port = host.AsSpan(colon + 1);
        return port.Length is >= 1 and <= 5 && port.ToString().All(char.IsAsciiDigit) && int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) <= 65535;
    }
}
