using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MtaSts.Core.Checks;

/// <summary>
/// Certificate validation as a sending MTA does it (RFC 8461 §4.2: a chain to a trusted root, valid now, for the host
/// name), trusting the system roots or the extra roots given; describes what is wrong instead of only refusing.
/// </summary>
public static class TlsValidation
{
    public static IReadOnlyList<string> Problems(string host, X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection? trustedRoots)
    {
        var problems = new List<string>();
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return ["the server sent no certificate"];
        }

        using var leaf = new X509Certificate2(certificate);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems.Add($"the certificate is for {leaf.GetNameInfo(X509NameType.DnsName, false)}, not {host}");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) || trustedRoots is not null)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (trustedRoots is not null)
            {
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
            }

            if (!chain.Build(leaf))
            {
                foreach (var status in chain.ChainStatus.Select(s => s.Status).Distinct())
                {
                    problems.Add(status switch
                    {
                        X509ChainStatusFlags.NotTimeValid => $"the certificate is not valid now (valid {leaf.NotBefore:yyyy-MM-dd} to {leaf.NotAfter:yyyy-MM-dd})",
                        X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => "the certificate does not chain to a trusted root (self-signed, or an intermediate is missing)",
                        _ => $"certificate chain: {status}",
                    });
                }
            }
        }

        return problems;
    }
}
