namespace MtaSts.Core.Policies;

/// <summary>
/// Reads <c>_mta-sts</c> TXT records by the grammar of RFC 8461 §3.1:
/// <code>
/// sts-text-record = sts-version 1*(sts-field-delim sts-field) [sts-field-delim]
/// sts-field-delim = *WSP ";" *WSP
/// sts-version     = %s"v=STSv1"
/// sts-id          = %s"id=" 1*32(ALPHA / DIGIT)
/// sts-extension   = sts-ext-name "=" sts-ext-value
/// sts-ext-name    = (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
/// sts-ext-value   = 1*(%x21-3A / %x3C / %x3E-7E)
/// </code>
/// Of a whole RRset, strings that do not begin with <c>v=STSv1</c> and a delimiter are discarded; if the rest is
/// not exactly one record, or that record is invalid, the domain has no usable policy. A repeated field is
/// ignored after its first instance, which alone must be a valid <c>id</c>.
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-3.1"/>
public static class StsTxtRecordParser
{
    private const string Version = "v=STSv1";

    /// <summary>Judges the TXT RRset at the name; each record is given as its character-strings, which are concatenated.</summary>
    public static StsTxtLookupResult ParseRecordSet(IEnumerable<IEnumerable<string>> records) =>
        ParseRecordSet(records.Select(strings => string.Concat(strings)));

    /// <summary>Judges the TXT RRset at the name, each record already joined into one string.</summary>
    public static StsTxtLookupResult ParseRecordSet(IEnumerable<string> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var candidates = records.Where(IsStsRecord).ToList();
        return candidates.Count switch
        {
            0 => new StsTxtLookupResult(StsTxtLookupStatus.NoRecord, null, "no TXT record starting with 'v=STSv1;'"),
            > 1 => new StsTxtLookupResult(StsTxtLookupStatus.MultipleRecords, null, $"{candidates.Count} TXT records start with 'v=STSv1'; there must be exactly one"),
            _ => ParseRecord(candidates[0]),
        };
    }

    /// <summary>True for strings that RFC 8461 §3.1 counts as MTA-STS records: <c>v=STSv1</c> then optional spaces and a semicolon.</summary>
    public static bool IsStsRecord(string record)
    {
        if (!record.StartsWith(Version, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = record.AsSpan(Version.Length).TrimStart(" \t");
        return rest.Length > 0 && rest[0] == ';';
    }

    /// <summary>Parses one record that starts with <c>v=STSv1</c>.</summary>
    public static StsTxtLookupResult ParseRecord(string record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.StartsWith(Version, StringComparison.Ordinal))
        {
            return Invalid("the record does not start with 'v=STSv1'");
        }

        string? id = null;
        var extensions = new List<KeyValuePair<string, string>>();
        var position = Version.Length;
        while (position < record.Length)
        {
            // Whitespace may stand only before a ';' (sts-field-delim), not at the very end of the record.
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

            var nameEnd = record.IndexOf('=', position);
            if (nameEnd < 0)
            {
                return Invalid($"'{Printable(record[position..])}' is not a name=value field");
            }

            var name = record[position..nameEnd];
            var valueEnd = nameEnd + 1;
            while (valueEnd < record.Length && RecordSyntax.IsExtensionValueChar(record[valueEnd]))
            {
                valueEnd++;
            }

            var value = record[(nameEnd + 1)..valueEnd];
            if (!RecordSyntax.IsExtensionName(name))
            {
                return Invalid($"'{Printable(name)}' is not a valid field name");
            }

            if (value.Length == 0)
            {
                return Invalid($"the field '{name}' has an empty or invalid value");
            }

            if (name == "id" && id is null)
            {
                if (!PolicyId.IsValid(value))
                {
                    return Invalid($"id '{Printable(value)}' is not 1 to 32 letters and digits");
                }

                id = value;
            }
            else
            {
                extensions.Add(new(name, value));
            }

            position = valueEnd;
        }

        return id is null
            ? Invalid("the record has no id field")
            : new StsTxtLookupResult(StsTxtLookupStatus.Valid, new StsTxtRecord(id, extensions), null);
    }

    private static StsTxtLookupResult Invalid(string error) => new(StsTxtLookupStatus.Invalid, null, error);

    private static string Printable(string text) => DomainName.Printable(text);
}
