using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MtaSts.Core.Dashboard;

/// <summary>
/// A read-only share link's token: <c>base64url(payload).base64url(HMAC-SHA256(key, "mtasts-share-v1\n" + payload))</c>,
/// payload <c>domain \n tenant created (Unix ms) \n expiry (Unix s)</c>. It names one tenant and one onboarding of it
/// (a domain deleted and added again does not reopen old links), and expires. Checked in constant time; a token longer
/// than <see cref="MaxLength"/> or malformed in any way is refused before any storage read.
/// </summary>
public static class ShareToken
{
    /// <summary>Longest token read: a 253-character domain gives about 440.</summary>
    public const int MaxLength = 600;

    private const string Purpose = "mtasts-share-v1\n";

    public static string Create(string secret, string domain, DateTimeOffset tenantCreatedAt, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{domain}\n{tenantCreatedAt.ToUnixTimeMilliseconds()}\n{expiresAt.ToUnixTimeSeconds()}"));
        return Base64Url(payload) + "." + Base64Url(Sign(secret, payload));
    }

    /// <summary>Reads a token signed with <paramref name="secret"/>; null when it is malformed or its signature is wrong.</summary>
    public static (string Domain, long CreatedAtMs, DateTimeOffset ExpiresAt)? Read(string secret, string? token)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.') || FromBase64Url(token[..dot]) is not { } payload || FromBase64Url(token[(dot + 1)..]) is not { } signature)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(secret, payload)))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('\n');
        return parts.Length == 3
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var createdAt)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && expires <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? (parts[0], createdAt, DateTimeOffset.FromUnixTimeSeconds(expires))
            : null;
    }

    private static byte[] Sign(string secret, byte[] payload) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes(Purpose), .. payload]);

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>
    /// The bytes of canonical unpadded base64url (RFC 4648 §5), or null. Canonical only: a last character whose unused
    /// bits are set decodes to the same bytes, and would give the same link a second spelling.
    /// </summary>
    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length == 0 || text.Contains('=', StringComparison.Ordinal) || !System.Buffers.Text.Base64Url.IsValid(text))
        {
            return null;
        }

        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text);
        return Base64Url(bytes) == text ? bytes : null;
    }
}
