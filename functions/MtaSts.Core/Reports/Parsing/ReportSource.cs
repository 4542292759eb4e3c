namespace MtaSts.Core.Reports;

/// <summary>
/// The reports found in one input (a JSON body, a gzip body or an e-mail), with what the e-mail said about them:
/// the <c>TLS-Report-Domain</c> and <c>TLS-Report-Submitter</c> headers (RFC 8460 §5.3) and the DKIM verdict.
/// </summary>
public sealed record ReportSource(string Format, IReadOnlyList<TlsReport> Reports, string? ReportDomainHeader = null, string? SubmitterHeader = null, DkimVerdict? Dkim = null);
