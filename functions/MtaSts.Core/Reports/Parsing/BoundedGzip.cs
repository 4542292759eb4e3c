using System.Buffers.Binary;
using System.IO.Compression;

namespace MtaSts.Core.Reports;

/// <summary>
/// Decompresses a gzip body (RFC 1952) without ever holding more than the limit: a body that expands beyond it (a
/// gzip bomb) is refused as soon as it passes the limit. The trailer is checked (CRC-32 and length), because .NET's
/// <see cref="GZipStream"/> returns truncated data without complaint.
/// </summary>
public static class BoundedGzip
{
    public static bool IsGzip(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;

    public static byte[] Decompress(ReadOnlyMemory<byte> compressed, int limit)
    {
        if (compressed.Length < 18)
        {
            throw new ReportRefusedException("the gzip data is truncated") { Code = ReportRefusedException.Compression };
        }

        using var output = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed.ToArray(), writable: false), CompressionMode.Decompress);
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > limit)
                {
                    throw new ReportRefusedException($"the gzip data expands to more than {limit} bytes (Reports:MaxDecompressedBytes); refused without expanding further") { Code = ReportRefusedException.TooLarge };
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new ReportRefusedException($"the gzip data is corrupt: {e.Message}", e) { Code = ReportRefusedException.Compression };
        }

        var data = output.ToArray();
        var trailer = compressed.Span[^8..];
        if (BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) != (uint)data.Length || BinaryPrimitives.ReadUInt32LittleEndian(trailer) != Crc32.Compute(data))
        {
            throw new ReportRefusedException("the gzip data is truncated or corrupt (its CRC-32 or length does not match)") { Code = ReportRefusedException.Compression };
        }

        return data;
    }
}
