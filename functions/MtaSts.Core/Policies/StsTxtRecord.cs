namespace MtaSts.Core.Policies;

/// <summary>A syntactically valid <c>_mta-sts</c> TXT record (RFC 8461 §3.1): its policy id and any extension fields.</summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8461#section-3.1"/>
public sealed record StsTxtRecord(string Id, IReadOnlyList<KeyValuePair<string, string>> Extensions)
{
    /// <summary>The record text we publish for a policy id.</summary>
    public static string Format(string id) =>
        PolicyId.IsValid(id) ? $"v=STSv1; id={id}" : throw new ArgumentException($"'{id}' is not a valid policy id", nameof(id));
}
