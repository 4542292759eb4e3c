using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// Signs a message the way a hostile sender's own software could (RFC 6376 §3.4.2 relaxed/relaxed, §3.7 hashes,
/// rsa-sha256), with a <c>d=</c> tag written exactly as given, which MimeKit's signer would normalise.
/// </summary>
public static partial class HandMadeDkimSigner
{
    public static string Sign(string message, RSA key, string domainTag, string selector, IReadOnlyList<string> signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var text = message.ReplaceLineEndings("\r\n");
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = Unfolded(text[..(split + 2)]);
        var body = text[(split + 4)..];

        var bodyHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(RelaxedBody(body))));
        var dkim = $"v=1; a=rsa-sha256; c=relaxed/relaxed; d={domainTag}; s={selector}; h={string.Join(':', signedHeaders)}; bh={bodyHash}; b=";
        var signedText = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var header = headers.Last(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            signedText.Append(RelaxedHeader(header.Name, header.Value)).Append("\r\n");
        }

        signedText.Append(RelaxedHeader("DKIM-Signature", dkim));
        var signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(signedText.ToString()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return $"DKIM-Signature: {dkim}{signature}\r\n{text}";
    }

    private static List<(string Name, string Value)> Unfolded(string headerBlock) =>
        Folding().Replace(headerBlock, " ").Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (line[..line.IndexOf(':', StringComparison.Ordinal)], line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..]))
            .ToList();

    private static string RelaxedHeader(string name, string value) =>
        name.Trim().ToLowerInvariant() + ":" + Whitespace().Replace(value, " ").Trim();

    private static string RelaxedBody(string body)
    {
        var lines = body.Split("\r\n").Select(line => Whitespace().Replace(line, " ").TrimEnd(' ')).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines.Count == 0 ? string.Empty : string.Join("\r\n", lines) + "\r\n";
    }

    [GeneratedRegex(@"\r\n(?=[ \t])")]
    private static partial Regex Folding();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Whitespace();
}
