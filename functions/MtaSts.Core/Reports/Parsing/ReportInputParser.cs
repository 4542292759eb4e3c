using Microsoft.Extensions.Options;
using MimeKit;

namespace MtaSts.Core.Reports;

/// <summary>
/// Recognises a TLS report input by its content, whatever it was labelled: gzip (magic bytes), JSON, or an e-mail
/// (RFC 8460 §5.3: <c>multipart/report; report-type=tlsrpt</c> with an <c>application/tlsrpt+gzip</c> or
/// <c>application/tlsrpt+json</c> part; a message whose whole body is such a part is accepted too, as mox does).
/// Ordinary mail, <c>multipart/related</c> and <c>application/json</c> parts are refused with the reason. Sizes are
/// capped before and after decompression, with one budget for the whole input however many parts it has, and a
/// message may hold at most <see cref="MaxReportParts"/> report parts, nested at most <see cref="MaxMimeDepth"/> deep.
/// DKIM is verified per <c>Reports:Dkim</c>.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8460#section-5.3"/>
public sealed class ReportInputParser(IOptions<ReportOptions> options, DkimChecker dkim) : IReportInputParser
{
    private static readonly HashSet<string> ReportMediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/tlsrpt+gzip", "application/tlsrpt+json", "application/tlsrpt",
    };

    /// <summary>Report parts in one message: a sender sends one report per policy domain, usually one per message.</summary>
    public const int MaxReportParts = 10;

    /// <summary>How deeply multiparts may nest: real reports nest one level.</summary>
    public const int MaxMimeDepth = 8;

    private static readonly ParserOptions MimeOptions = new() { MaxMimeDepth = MaxMimeDepth };

    private readonly ReportOptions settings = options.Value;

    /// <summary>
    /// Parses the raw bytes as received; <paramref name="fileName"/> (a file or blob name) may give the policy domain in
    /// its RFC 8460 §5.1 form <c>sender!policy-domain!begin!end...</c>.
    /// </summary>
    public async Task<ReportSource> ParseAsync(ReadOnlyMemory<byte> input, string? fileName, CancellationToken cancellationToken)
    {
        if (input.Length == 0)
        {
            throw new ReportRefusedException("the input is empty");
        }

        if (input.Length > settings.MaxCompressedBytes)
        {
            throw new ReportRefusedException($"the input is {input.Length} bytes; Reports:MaxCompressedBytes allows {settings.MaxCompressedBytes}") { Code = ReportRefusedException.TooLarge };
        }

        if (BoundedGzip.IsGzip(input.Span))
        {
            var json = BoundedGzip.Decompress(input, settings.MaxDecompressedBytes);
            return new ReportSource("gzip", [TlsReportJsonParser.Parse(json, DomainFromFileName(fileName))]);
        }

        if (LooksLikeJson(input.Span))
        {
            return new ReportSource("json", [TlsReportJsonParser.Parse(input, DomainFromFileName(fileName))]);
        }

        return await ParseEmailAsync(input, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RFC 8460 §5.1 file names: <c>sender "!" policy-domain "!" begin "!" end [ "!" unique-id ] "." extension</c>.</summary>
    public static string? DomainFromFileName(string? fileName)
    {
        var name = Path.GetFileName(fileName ?? string.Empty);
        var fields = name.Split('!');
        return fields.Length >= 4 && fields[1].Length > 0 ? fields[1] : null;
    }

    private async Task<ReportSource> ParseEmailAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(input.ToArray(), writable: false);
            message = await MimeMessage.LoadAsync(MimeOptions, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            throw new ReportRefusedException("the input is neither JSON, gzip nor an e-mail message", e) { Code = ReportRefusedException.NotAReport };
        }

        if (message.Headers.Count == 0 || message.Body is null)
        {
            throw new ReportRefusedException("the input is neither JSON, gzip nor an e-mail message") { Code = ReportRefusedException.NotAReport };
        }

        var parts = ReportParts(message.Body);
        var verdict = settings.Dkim == DkimMode.Off ? null : await dkim.VerifyAsync(message, cancellationToken).ConfigureAwait(false);
        if (settings.Dkim == DkimMode.Require && verdict is not { Passed: true })
        {
            throw new ReportRefusedException($"Reports:Dkim is Require and the message's DKIM result is {verdict!.Result}: {verdict.Detail}") { Code = ReportRefusedException.Dkim };
        }

        var domainHeader = message.Headers["TLS-Report-Domain"]?.Trim();
        var reports = new List<TlsReport>();
        long budget = settings.MaxDecompressedBytes;
        foreach (var part in parts)
        {
            if (part.Content is null)
            {
                throw new ReportRefusedException("a report part of the message is empty");
            }

            using var decoded = new MemoryStream();
            await part.Content.DecodeToAsync(decoded, cancellationToken).ConfigureAwait(false);
            var bytes = decoded.ToArray();
            var json = BoundedGzip.IsGzip(bytes) ? BoundedGzip.Decompress(bytes, (int)budget) : bytes;
            budget -= json.Length;
            if (budget < 0)
            {
                throw new ReportRefusedException($"the message's report parts add up to more than {settings.MaxDecompressedBytes} bytes (Reports:MaxDecompressedBytes covers a whole input)") { Code = ReportRefusedException.TooLarge };
            }

            reports.Add(TlsReportJsonParser.Parse(json, string.IsNullOrEmpty(domainHeader) ? DomainFromFileName(part.FileName) : domainHeader));
        }

        return new ReportSource("email", reports, domainHeader, message.Headers["TLS-Report-Submitter"]?.Trim(), verdict);
    }

    private static List<MimePart> ReportParts(MimeEntity body)
    {
        if (body is MimePart single)
        {
            return ReportMediaTypes.Contains(single.ContentType.MimeType)
                ? [single]
                : throw new ReportRefusedException($"an ordinary e-mail ({single.ContentType.MimeType}), not a TLS report") { Code = ReportRefusedException.NotAReport };
        }

        if (body is not Multipart multipart || !multipart.ContentType.IsMimeType("multipart", "report"))
        {
            throw new ReportRefusedException($"an ordinary e-mail ({body.ContentType.MimeType}); a TLS report is multipart/report with report-type=tlsrpt (RFC 8460 §5.3)") { Code = ReportRefusedException.NotAReport };
        }

        var reportType = multipart.ContentType.Parameters["report-type"];
        if (!string.Equals(reportType, "tlsrpt", StringComparison.OrdinalIgnoreCase))
        {
            throw new ReportRefusedException($"a multipart/report of report-type '{reportType}', not tlsrpt") { Code = ReportRefusedException.NotAReport };
        }

        var parts = Leaves(multipart).Where(p => ReportMediaTypes.Contains(p.ContentType.MimeType)).ToList();
        if (parts.Count > MaxReportParts)
        {
            throw new ReportRefusedException($"the message has {parts.Count} report parts; at most {MaxReportParts} are accepted") { Code = ReportRefusedException.TooLarge };
        }

        return parts.Count > 0
            ? parts
            : throw new ReportRefusedException("the multipart/report has no application/tlsrpt+gzip or application/tlsrpt+json part") { Code = ReportRefusedException.NotAReport };
    }

    /// <summary>The leaf parts of a multipart, walked without recursion and no deeper than <see cref="MaxMimeDepth"/>.</summary>
    private static List<MimePart> Leaves(Multipart multipart)
    {
        var leaves = new List<MimePart>();
        var pending = new Stack<(Multipart Node, int Depth)>();
        pending.Push((multipart, 1));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            foreach (var child in node)
            {
                if (child is MimePart part)
                {
                    leaves.Add(part);
                }
                else if (child is Multipart nested)
                {
                    if (depth >= MaxMimeDepth)
                    {
                        throw new ReportRefusedException($"the message nests multiparts more than {MaxMimeDepth} deep") { Code = ReportRefusedException.NotAReport };
                    }

                    pending.Push((nested, depth + 1));
                }
            }
        }

        return leaves;
    }

    private static bool LooksLikeJson(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) // the UTF-8 byte order mark (not "\xEF\xBB\xBF"u8: six other bytes)
        {
            data = data[3..];
        }

        var trimmed = data.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] == (byte)'{';
    }
}
