using System.Security.Cryptography;
using System.Text;

namespace MtaSts.Core.Tenants;

/// <summary>The hash that identifies a policy's exact bytes: lower-case hex SHA-256 of the served text.</summary>
public static class PolicyHashing
{
    public static string Hash(string policyText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(policyText)));
}
