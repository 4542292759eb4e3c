using System.IO.Compression;
using System.Text.Json.Nodes;
using MimeKit;

namespace MtaSts.Core.Tests.Conformance.TlsReports;

/// <summary>
/// The report JSON an input holds, read without the parser under test: the input itself (JSON or gzip), or the
/// single <c>application/tlsrpt*</c> part of an e-mail, with that part's media type and transfer encoding.
/// </summary>
public sealed record RawReportPart(JsonObject Json, string? MediaType, string? TransferEncoding)
{
    public static RawReportPart Read(byte[] input)
    {
        if (input is [0x1f, 0x8b, ..])
        {
            return new(Parse(Gunzip(input)), null, null);
        }

        if (input.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'{', ..])
        {
            return new(Parse(input), null, null);
        }

        using var stream = new MemoryStream(input, writable: false);
        var part = MimeMessage.Load(stream).BodyParts.OfType<MimePart>()
            .Single(p => p.ContentType.MimeType.StartsWith("application/tlsrpt", StringComparison.OrdinalIgnoreCase));
        using var decoded = new MemoryStream();
        (part.Content ?? throw new InvalidOperationException("the report part is empty")).DecodeTo(decoded);
        var bytes = decoded.ToArray();
        return new(Parse(bytes is [0x1f, 0x8b, ..] ? Gunzip(bytes) : bytes), part.ContentType.MimeType, part.Headers[HeaderId.ContentTransferEncoding]);
    }

    private static JsonObject Parse(byte[] json) => JsonNode.Parse(json)!.AsObject();

    private static byte[] Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data, writable: false), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
