namespace MtaSts.Core.Reports;

/// <summary>A valid <c>_smtp._tls</c> TXT record (RFC 8460 §3): where reports go (<c>mailto:</c> and <c>https:</c> URIs).</summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8460#section-3"/>
public sealed record TlsRptRecord(IReadOnlyList<Uri> ReportingUris, IReadOnlyList<KeyValuePair<string, string>> Extensions);
