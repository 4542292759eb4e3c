using System.IO.Compression;
using System.Text;
using MimeKit;

namespace MtaSts.IntegrationTests.Fuzz;

/// <summary>A corpus file the fuzzer starts from: its bytes, and the report JSON inside it when it has one.</summary>
public sealed record FuzzSeed(string Name, byte[] Bytes, string? Json)
{
    public static IReadOnlyList<FuzzSeed> LoadCorpus(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".gz", StringComparison.Ordinal) || f.EndsWith(".eml", StringComparison.Ordinal))
            .Where(f => !f.EndsWith("EXPECTATIONS.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Load(Path.GetRelativePath(directory, f), File.ReadAllBytes(f)))
            .ToArray();

    private static FuzzSeed Load(string name, byte[] bytes)
    {
        try
        {
            if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
            {
                return new FuzzSeed(name, bytes, Gunzip(bytes));
            }

            if (name.EndsWith(".eml", StringComparison.Ordinal))
            {
                using var stream = new MemoryStream(bytes);
                var message = MimeMessage.Load(stream);
                var part = message.BodyParts.OfType<MimePart>().FirstOrDefault(p => p.ContentType.MimeType.StartsWith("application/tlsrpt", StringComparison.OrdinalIgnoreCase));
                if (part?.Content is null)
                {
                    return new FuzzSeed(name, bytes, null);
                }

                using var decoded = new MemoryStream();
                part.Content.DecodeTo(decoded);
                var content = decoded.ToArray();
                return new FuzzSeed(name, bytes, content.Length > 2 && content[0] == 0x1f ? Gunzip(content) : Encoding.UTF8.GetString(content));
            }

            return new FuzzSeed(name, bytes, Encoding.UTF8.GetString(bytes));
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            return new FuzzSeed(name, bytes, null);
        }
    }

    private static string Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
