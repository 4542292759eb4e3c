namespace MtaSts.Core.Reports;

/// <summary>
/// How a stored report came and how far it was verified, as one class name. RFC 8460 §5.4 HTTPS delivery is
/// anonymous; an e-mailed report (§5.3) may carry a DKIM signature (RFC 6376), which is <c>aligned</c> when its
/// signing domain is the submitter's: the <c>TLS-Report-Submitter</c> header or the domain of the report's
/// <c>contact-info</c>, equal or one a subdomain of the other. Which classes count as evidence is a setting
/// (<c>Reports:Evidence</c>).
/// </summary>
/// <seealso href="https://www.rfc-editor.org/rfc/rfc8460#section-5"/>
public static class Provenance
{
    /// <summary>JSON or gzip posted to <c>/tlsrpt</c>: anyone can send it.</summary>
    public const string Https = "https";

    /// <summary>E-mail with a valid DKIM signature of the submitter's domain.</summary>
    public const string EmailAligned = "email-dkim-aligned";

    /// <summary>E-mail with a valid DKIM signature of some other domain.</summary>
    public const string EmailPass = "email-dkim-pass";

    /// <summary>E-mail whose DKIM signatures all failed to verify.</summary>
    public const string EmailFail = "email-dkim-fail";

    /// <summary>E-mail without a DKIM signature.</summary>
    public const string EmailNone = "email-dkim-none";

    /// <summary>E-mail whose DKIM key could not be fetched for a day (DNS failures), so it is unverified.</summary>
    public const string EmailTempError = "email-dkim-temperror";

    /// <summary>E-mail taken in while <c>Reports:Dkim</c> was <c>Off</c>.</summary>
    public const string EmailUnchecked = "email-dkim-unchecked";

    /// <summary>JSON or gzip dropped into the inbox by anything but the HTTPS endpoint.</summary>
    public const string Unsigned = "unsigned";

    /// <summary>Stored before provenance was recorded (summaries of that time).</summary>
    public const string Unknown = "unknown";

    /// <summary>Not a provenance: reports kept apart because another report with the same key says otherwise.</summary>
    public const string Conflict = "conflict";

    /// <summary>Every class a report can be stored with, strongest first.</summary>
    public static readonly IReadOnlyList<string> All = [EmailAligned, EmailPass, Https, EmailNone, EmailUnchecked, EmailTempError, Unsigned, EmailFail];

    /// <summary>The default of <c>Reports:Evidence</c>: aligned DKIM, and HTTPS (RFC 8460's own channel, unauthenticated).</summary>
    public const string DefaultEvidence = EmailAligned + "," + Https;

    /// <summary>The class of a report: from its format and channel, and for e-mail its DKIM verdict and alignment.</summary>
    public static string Of(ReportSource source, TlsReport report, string channel)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(report);
        if (source.Format != "email")
        {
            return channel == "https" ? Https : Unsigned;
        }

        return source.Dkim?.Result switch
        {
            null => EmailUnchecked,
            "pass" => IsAligned(source.Dkim.Domain, source.SubmitterHeader, report.ContactInfo) ? EmailAligned : EmailPass,
            "fail" => EmailFail,
            "temperror" => EmailTempError,
            _ => EmailNone,
        };
    }

    /// <summary>
    /// Relaxed alignment: the signing domain equals the submitter's domain, or one is a subdomain of the other; each of
    /// the two has at least two labels, so a signature by a public suffix aligns with nothing.
    /// </summary>
    public static bool IsAligned(string? signingDomain, string? submitter, string? contactInfo)
    {
        var signer = Normalize(signingDomain);
        if (signer is null)
        {
            return false;
        }

        return new[] { Normalize(submitter), Normalize(DomainOfContact(contactInfo)) }
            .Any(candidate => candidate is not null && (candidate == signer || candidate.EndsWith("." + signer, StringComparison.Ordinal) || signer.EndsWith("." + candidate, StringComparison.Ordinal)));
    }

    /// <summary>Ranks provenance for a conflict: aligned 3, another domain's valid signature 2, unauthenticated 1, a failed signature 0.</summary>
    public static int Rank(string provenance) => provenance switch
    {
        EmailAligned => 3,
        EmailPass => 2,
        EmailFail => 0,
        _ => 1,
    };

    /// <summary>The domain in a <c>contact-info</c>: of an e-mail address (with or without <c>mailto:</c>) or of a URL.</summary>
    public static string? DomainOfContact(string? contactInfo)
    {
        if (string.IsNullOrWhiteSpace(contactInfo))
        {
            return null;
        }

        var text = contactInfo.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri.Host;
        }

        var at = text.LastIndexOf('@');
        return at >= 0 ? text[(at + 1)..].Trim().TrimEnd('>') : null;
    }

    private static string? Normalize(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain) || !Policies.DomainName.TryNormalize(domain.Trim(), out var normalized, out _))
        {
            return null;
        }

        return Policies.DomainName.LabelCount(normalized) >= 2 ? normalized : null;
    }
}
