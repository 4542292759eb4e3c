using System.Text.Json;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Tests.Reports;

/// <summary>How a report's provenance class is found (issue #11, defect 2).</summary>
public sealed class ProvenanceTests
{
    private static readonly TlsReport GoogleReport = new("Google Inc.", default, default, "smtp-tls-reporting@google.com", "id", [], new Dictionary<string, JsonElement>());

    [Theory]
    [InlineData("json", "https", null, null, null, Provenance.Https)]
    [InlineData("gzip", "email", null, null, null, Provenance.Unsigned)]
    [InlineData("email", "email", null, null, null, Provenance.EmailUnchecked)]
    [InlineData("email", "email", "pass", "google.com", null, Provenance.EmailAligned)]
    [InlineData("email", "email", "pass", "evil.example", null, Provenance.EmailPass)]
    [InlineData("email", "email", "pass", "evil.example", "evil.example", Provenance.EmailAligned)]
    [InlineData("email", "https", "fail", "google.com", null, Provenance.EmailFail)]
    [InlineData("email", "email", "none", null, null, Provenance.EmailNone)]
    [InlineData("email", "email", "temperror", "google.com", null, Provenance.EmailTempError)]
    public void The_class_comes_from_format_channel_and_dkim(string format, string channel, string? dkim, string? signer, string? submitter, string expected)
    {
        var source = new ReportSource(format, [GoogleReport], null, submitter, dkim is null ? null : new DkimVerdict(dkim, signer, null));

        Assert.Equal(expected, Provenance.Of(source, GoogleReport, channel));
    }

    [Theory]
    [InlineData("google.com", "google.com", null, true)]
    [InlineData("google.com", "mail.google.com", null, true)]
    [InlineData("mail.google.com", "google.com", null, true)]
    [InlineData("Google.COM.", null, "smtp-tls-reporting@google.com", true)]
    [InlineData("google.com", null, "https://reports.google.com/tlsrpt", true)]
    [InlineData("google.com", null, "mailto:tls@google.com", true)]
    [InlineData("notgoogle.com", "google.com", null, false)]
    [InlineData("com", "google.com", null, false)]
    [InlineData("google.com", "com", null, false)]
    [InlineData(null, "google.com", null, false)]
    [InlineData("google.com", null, null, false)]
    [InlineData("google.com", "not a domain", "nobody", false)]
    public void Alignment_is_relaxed_but_never_with_a_single_label(string? signer, string? submitter, string? contact, bool aligned)
    {
        Assert.Equal(aligned, Provenance.IsAligned(signer, submitter, contact));
    }

    [Theory]
    [InlineData(Provenance.EmailAligned, 3)]
    [InlineData(Provenance.EmailPass, 2)]
    [InlineData(Provenance.Https, 1)]
    [InlineData(Provenance.EmailNone, 1)]
    [InlineData(Provenance.EmailFail, 0)]
    public void Ranks(string provenance, int rank) => Assert.Equal(rank, Provenance.Rank(provenance));

    [Theory]
    [InlineData(null, null)]
    [InlineData("  ", null)]
    [InlineData("Reports <tls@example.org>", "example.org")]
    [InlineData("https://example.org:8443/x", "example.org")]
    [InlineData("ftp://example.org", null)]
    [InlineData("just text", null)]
    public void The_domain_of_a_contact(string? contact, string? domain) => Assert.Equal(domain, Provenance.DomainOfContact(contact));
}
