using MtaSts.Core.Policies;

namespace MtaSts.Core.Reports;

/// <summary>
/// Reads <c>_smtp._tls</c> TXT records by the grammar of RFC 8460 §3:
/// <code>
/// tlsrpt-record    = tlsrpt-version 1*(field-delim tlsrpt-field) [field-delim]
/// field-delim      = *WSP ";" *WSP
/// tlsrpt-version   = %s"v=TLSRPTv1"
/// tlsrpt-rua       = %s"rua=" tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
/// tlsrpt-extension = tlsrpt-ext-name "=" tlsrpt-ext-value
/// </code>
/// Only <c>mailto:</c> and <c>https:</c> URIs are accepted, with a mail address or host name that can exist (two or
/// more labels). A repeated <c>rua</c> adds its URIs. Of several TXT strings, those beginning <c>v=TLSRPTv1</c> count,
/// and more than one makes reporting unusable.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8460#section-3"/>
public static class TlsRptRecordParser
{
    private const string Version = "v=TLSRPTv1";

    public static TlsRptRecordResult ParseRecordSet(IEnumerable<string> records)
    {
        var candidates = records.Where(r => r.StartsWith(Version, StringComparison.Ordinal)).ToList();
        return candidates.Count switch
        {
            0 => new TlsRptRecordResult(null, false, "no TXT record starting with 'v=TLSRPTv1'"),
            > 1 => new TlsRptRecordResult(null, true, $"{candidates.Count} TXT records start with 'v=TLSRPTv1'; there must be exactly one"),
            _ => Parse(candidates[0]),
        };
    }

    public static TlsRptRecordResult Parse(string record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.StartsWith(Version, StringComparison.Ordinal))
        {
            return Invalid("the record does not start with 'v=TLSRPTv1'");
        }

        var uris = new List<Uri>();
        var extensions = new List<KeyValuePair<string, string>>();
        var hasRua = false;
        var position = Version.Length;
        while (position < record.Length)
        {
            position = RecordSyntax.SkipWhitespace(record, position);
            if (position == record.Length || record[position] != ';')
            {
                return Invalid($"expected ';' at position {position + 1}");
            }

            position = RecordSyntax.SkipWhitespace(record, position + 1);
            if (position == record.Length)
            {
                break;
            }

            var end = record.IndexOf(';', position);
            end = end < 0 ? record.Length : end;
            var field = record[position..end].TrimEnd(' ', '\t');
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return Invalid($"'{DomainName.Printable(field)}' is not a name=value field");
            }

            var name = field[..equals];
            var value = field[(equals + 1)..];
            if (name == "rua")
            {
                hasRua = true;
                if (!TryReadUris(value, uris, out var error))
                {
                    return Invalid(error);
                }
            }
            else if (!RecordSyntax.IsExtensionName(name))
            {
                return Invalid($"'{DomainName.Printable(name)}' is not a valid field name");
            }
            else if (value.Length == 0 || !value.All(RecordSyntax.IsExtensionValueChar))
            {
                return Invalid($"the field '{name}' has an empty or invalid value");
            }
            else
            {
                extensions.Add(new(name, value));
            }

            position += field.Length;
        }

        return hasRua ? new TlsRptRecordResult(new TlsRptRecord(uris, extensions), true, null) : Invalid("the record has no rua field");
    }

    private static bool TryReadUris(string value, List<Uri> uris, out string error)
    {
        var parts = value.Split(',').Select(p => p.Trim(' ', '\t')).ToArray();
        if (parts.All(p => p.Length == 0))
        {
            error = "rua has no URI";
            return false;
        }

        foreach (var part in parts)
        {
            if (!TryReadUri(part, out var uri, out error))
            {
                return false;
            }

            uris.Add(uri);
        }

        error = string.Empty;
        return true;
    }

    private static bool TryReadUri(string text, out Uri uri, out string error)
    {
        uri = null!;
        if (text.Length == 0 || text.Any(c => c <= ' ' || c > '~') || !Uri.TryCreate(text, UriKind.Absolute, out var parsed))
        {
            error = $"rua '{DomainName.Printable(text)}' is not a URI";
            return false;
        }

        if (parsed.Scheme == Uri.UriSchemeMailto)
        {
            var address = text["mailto:".Length..].Split('?')[0];
            var at = address.LastIndexOf('@');
            if (at <= 0 || !DomainName.TryNormalize(address[(at + 1)..], out var domain, out _) || DomainName.LabelCount(domain) < 2)
            {
                error = $"rua '{DomainName.Printable(text)}' is not a mail address";
                return false;
            }
        }
        else if (parsed.Scheme == Uri.UriSchemeHttps)
        {
            if (parsed.HostNameType == UriHostNameType.Dns && (!DomainName.TryNormalize(parsed.Host, out var host, out _) || DomainName.LabelCount(host) < 2))
            {
                error = $"rua '{DomainName.Printable(text)}' has no usable host name";
                return false;
            }
        }
        else
        {
            error = $"rua '{DomainName.Printable(text)}' is neither mailto: nor https: (RFC 8460 §3)";
            return false;
        }

        uri = parsed;
        error = string.Empty;
        return true;
    }

    private static TlsRptRecordResult Invalid(string error) => new(null, true, error);
}
