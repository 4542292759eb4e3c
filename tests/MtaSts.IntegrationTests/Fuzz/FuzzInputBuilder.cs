using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace MtaSts.IntegrationTests.Fuzz;

/// <summary>Turns a <see cref="FuzzCase"/> into the bytes a sender (or an attacker) would deliver, and the channel they arrive by.</summary>
public static partial class FuzzInputBuilder
{
    private static readonly string[] Numbers = ["9223372036854775807", "-1", "1e400", "1000000001", "99999999999999999999999", "-0", "1.5", "0", "18446744073709551616", "-9223372036854775808"];
    private static readonly string[] WrongValues = ["123", "null", "{}", "[]", "true", "\"\"", "-5"];

    public static (byte[] Bytes, string Channel, string Name, string MediaType) Build(FuzzSeed seed, FuzzCase fuzzCase, int bombBytes)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(fuzzCase);
        var json = seed.Json is null ? null : fuzzCase.Edits.Where(e => e.Kind < FuzzEditKind.ByteFlip).Aggregate(seed.Json, EditJson);
        var container = json is null ? FuzzContainer.Original : fuzzCase.Container;
        var bytes = container switch
        {
            FuzzContainer.Json => Encode(json!),
            FuzzContainer.Gzip => Gzip(Encode(json!)),
            FuzzContainer.EmailParts => Email(Enumerable.Range(0, fuzzCase.Parts).Select(i => (i % 2 == 0 ? Gzip(Encode(json!)) : Encode(json!), i % 2 == 0)).ToArray(), 0),
            FuzzContainer.EmailNested => Email([(Gzip(Encode(json!)), true)], fuzzCase.Parts),
            FuzzContainer.GzipBomb => Gzip(Encode(json!.Insert(json.IndexOf('{', StringComparison.Ordinal) + 1, new string(' ', bombBytes)))),
            _ => seed.Bytes,
        };
        bytes = fuzzCase.Edits.Where(e => e.Kind >= FuzzEditKind.ByteFlip).Aggregate(bytes, EditBytes);
        var email = container is FuzzContainer.EmailParts or FuzzContainer.EmailNested || (container == FuzzContainer.Original && seed.Name.EndsWith(".eml", StringComparison.Ordinal));
        var gzip = bytes.Length > 1 && bytes[0] == 0x1f && bytes[1] == 0x8b;
        return (bytes, email ? "email" : "https", $"fuzz-{Guid.NewGuid():N}.{(email ? "eml" : gzip ? "json.gz" : "json")}", gzip ? "application/tlsrpt+gzip" : "application/tlsrpt+json");
    }

    private static string EditJson(string json, FuzzEdit edit) => edit.Kind switch
    {
        FuzzEditKind.Number => ReplaceNth(NumberToken(), json, edit.Index, _ => Numbers[edit.Value % Numbers.Length]),
        FuzzEditKind.DuplicateKey => ReplaceNth(KeyToken(), json, edit.Index, m => $"{m.Value}\"dup-{edit.Value}\",{m.Value}"),
        FuzzEditKind.DeepNesting => json.Insert(Math.Max(0, json.IndexOf('{', StringComparison.Ordinal) + 1), $"\"deep\":{new string('[', 50 + (edit.Value % 2000))}{new string(']', 50 + (edit.Value % 2000))},"),
        FuzzEditKind.InvalidUtf8 => ReplaceNth(StringToken(), json, edit.Index, m => m.Value.Insert(1, InvalidUtf8Marker)),
        FuzzEditKind.LongString => ReplaceNth(StringToken(), json, edit.Index, _ => "\"" + string.Concat(Enumerable.Repeat((edit.Value % 3) switch { 0 => "a", 1 => "é", _ => "\U0001F512" }, 1000 + (edit.Value % 100_000))) + "\""),
        FuzzEditKind.WrongType => ReplaceNth(StringValueToken(), json, edit.Index, m => m.Groups[1].Value + WrongValues[edit.Value % WrongValues.Length]),
        FuzzEditKind.MissingField => ReplaceNth(KeyToken(), json, edit.Index, m => m.Value.Insert(1, "x-")),
        _ => json,
    };

    /// <summary>Stands for bytes that are not UTF-8 until the text is encoded (<see cref="Encode"/>).</summary>
    private const string InvalidUtf8Marker = "\u0007";

    private static readonly byte[] InvalidUtf8 = [0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80];

    private static byte[] Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (!text.Contains(InvalidUtf8Marker, StringComparison.Ordinal))
        {
            return bytes;
        }

        var output = new List<byte>(bytes.Length + 16);
        foreach (var b in bytes)
        {
            if (b == 0x07)
            {
                output.AddRange(InvalidUtf8);
            }
            else
            {
                output.Add(b);
            }
        }

        return [.. output];
    }

    private static byte[] EditBytes(byte[] bytes, FuzzEdit edit)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        var copy = (byte[])bytes.Clone();
        var at = edit.Index % bytes.Length;
        switch (edit.Kind)
        {
            case FuzzEditKind.ByteFlip:
                copy[at] ^= (byte)(1 << (edit.Value % 8));
                return copy;
            case FuzzEditKind.ByteTruncate:
                return copy[..at];
            default:
                var insert = Enumerable.Range(0, 1 + (edit.Value % 16)).Select(i => (byte)((edit.Value * 31) + (i * 7))).ToArray();
                return [.. copy[..at], .. insert, .. copy[at..]];
        }
    }

    private static string ReplaceNth(Regex token, string json, int n, Func<Match, string> replacement)
    {
        var matches = token.Matches(json);
        if (matches.Count == 0)
        {
            return json;
        }

        var match = matches[n % matches.Count];
        return string.Concat(json.AsSpan(0, match.Index), replacement(match), json.AsSpan(match.Index + match.Length));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A multipart/report (RFC 8460 §5.3) with the given parts, nested <paramref name="depth"/> multiparts deep.</summary>
    private static byte[] Email(IReadOnlyList<(byte[] Content, bool Gzip)> parts, int depth)
    {
        var body = new StringBuilder();
        foreach (var (content, gzip) in parts)
        {
            body.Append("--b0\r\nContent-Type: application/tlsrpt+").Append(gzip ? "gzip" : "json").Append("\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .Append(Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        }

        body.Append("--b0--\r\n");
        var inner = body.ToString();
        for (var level = 1; level <= depth; level++)
        {
            inner = $"--b{level}\r\nContent-Type: multipart/mixed; boundary=\"b{level - 1}\"\r\n\r\n{inner}--b{level}--\r\n";
        }

        var head = "From: reports@fuzz.example\r\nTo: tlsrpt@fuzz.example\r\nSubject: Report\r\nMIME-Version: 1.0\r\n"
            + $"Content-Type: multipart/report; report-type=tlsrpt; boundary=\"b{depth}\"\r\n\r\n";
        return Encoding.UTF8.GetBytes(head + inner);
    }

    [GeneratedRegex("-?[0-9][0-9.eE+-]*")]
    private static partial Regex NumberToken();

    [GeneratedRegex("\"[a-z-]+\"\\s*:")]
    private static partial Regex KeyToken();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringToken();

    [GeneratedRegex("(\"[a-z-]+\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringValueToken();
}
