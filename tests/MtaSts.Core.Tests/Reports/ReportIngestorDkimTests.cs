using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MimeKit.Cryptography;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Reports;

/// <summary>
/// The ingestor with e-mailed reports the test signs itself (RFC 6376, MimeKit's signer), the key served by a loopback
/// DNS server: what a DKIM verdict stores, and how long a key that cannot be fetched holds a report back
/// (<c>Reports:TempErrorRetryHours</c>). Also the parser-fault path, with a parser that throws.
/// </summary>
public sealed class ReportIngestorDkimTests : IDisposable
{
    private const string Selector = "tlsrpt";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore tenants = new();
    private readonly InMemoryTlsReportStore store = new();
    private readonly RSA key = RSA.Create(2048);
    private readonly DnsResponder dns;

    public ReportIngestorDkimTests()
    {
        tenants.AddAsync(new Tenant { Domain = "victim.example", Policy = new StsPolicy(PolicyMode.Testing, ["mx.victim.example"], 86400), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default).Wait();
        var publicKey = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        dns = new DnsResponder(new Dictionary<string, string>
        {
            [$"{Selector}._domainkey.org.example"] = publicKey,
            [$"{Selector}._domainkey.other.example"] = publicKey,
        });
    }

    public void Dispose()
    {
        dns.Dispose();
        key.Dispose();
    }

    [Theory]
    [InlineData("org.example", Provenance.EmailAligned)]
    [InlineData("other.example", Provenance.EmailPass)]
    public async Task A_passing_signature_stores_its_signer_and_verdict(string signer, string provenance)
    {
        await Ingestor().IngestAsync(Mail(signer), "m.eml", "email", time.GetUtcNow(), default);

        var row = Assert.Single(store.Reports);
        Assert.Equal((provenance, signer, "pass " + signer), (row.Provenance, row.SigningDomain, row.Dkim));
    }

    [Fact]
    public async Task A_failing_signature_stores_no_signer_and_says_whose_it_claimed()
    {
        await Ingestor().IngestAsync(Mail("org.example", tamper: true), "m.eml", "email", time.GetUtcNow(), default);

        var row = Assert.Single(store.Reports);
        Assert.Equal((Provenance.EmailFail, null, "fail org.example"), (row.Provenance, row.SigningDomain, row.Dkim));
    }

    [Fact]
    public async Task An_unsigned_message_is_stored_as_dkim_none()
    {
        await Ingestor().IngestAsync(Mail(signer: null), "m.eml", "email", time.GetUtcNow(), default);

        var row = Assert.Single(store.Reports);
        Assert.Equal((Provenance.EmailNone, null, "none"), (row.Provenance, row.SigningDomain, row.Dkim));
    }

    [Fact]
    public async Task Dkim_require_refuses_json_even_by_e_mail_and_says_why()
    {
        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => Ingestor(DkimMode.Require).IngestAsync(ReportJson.For(), "r.json", "https", default));

        Assert.Equal(ReportRefusedException.Dkim, refused.Code);
        Assert.StartsWith("Reports:Dkim is Require: reports must come by DKIM-signed e-mail, and this one is json over https", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A key lookup that fails temporarily holds the report back for <c>Reports:TempErrorRetryHours</c> after it arrived, then it is stored as unverified.</summary>
    [Theory]
    [InlineData(0, 24, true)]
    [InlineData(23.99, 24, true)]
    [InlineData(24, 24, false)]
    [InlineData(30, 24, false)]
    [InlineData(0, 0, false)]
    public async Task A_key_that_cannot_be_fetched_holds_the_report_back_for_the_retry_window(double hoursSinceArrival, int retryHours, bool heldBack)
    {
        dns.ErrorCode = DnsResponder.ServFail;
        var receivedAt = time.GetUtcNow() - TimeSpan.FromHours(hoursSinceArrival);
        var ingest = () => Ingestor(retryHours: retryHours).IngestAsync(Mail("org.example"), "m.eml", "email", receivedAt, default);

        if (heldBack)
        {
            var error = await Assert.ThrowsAsync<DkimTemporaryException>(ingest);
            Assert.StartsWith("the DKIM key could not be fetched yet (", error.Message, StringComparison.Ordinal);
            Assert.Empty(store.Reports);
        }
        else
        {
            await ingest();
            var row = Assert.Single(store.Reports);
            Assert.Equal((Provenance.EmailTempError, null), (row.Provenance, row.SigningDomain));
            Assert.StartsWith("temperror", row.Dkim, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_an_arrival_time_a_temporary_key_failure_is_held_back_from_now()
    {
        dns.ErrorCode = DnsResponder.ServFail;

        await Assert.ThrowsAsync<DkimTemporaryException>(() => Ingestor(retryHours: 24).IngestAsync(Mail("org.example"), "m.eml", "email", default));
    }

    [Fact]
    public async Task A_parser_that_throws_is_a_parser_error_refusal_and_cancellation_is_not()
    {
        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off });
        var faulty = new ReportIngestor(new ThrowingParser(new IndexOutOfRangeException("a bug")), tenants, store, time, options, NullLogger<ReportIngestor>.Instance);

        var refused = await Assert.ThrowsAsync<ReportRefusedException>(() => faulty.IngestAsync(ReportJson.For(), "r.json", "https", default));

        Assert.Equal(ReportRefusedException.ParserError, refused.Code);
        Assert.Equal("our report parser failed on this input (IndexOutOfRangeException: a bug)", refused.Message);
        Assert.IsType<IndexOutOfRangeException>(refused.InnerException);

        var cancelled = new ReportIngestor(new ThrowingParser(new OperationCanceledException()), tenants, store, time, options, NullLogger<ReportIngestor>.Instance);
        await Assert.ThrowsAsync<OperationCanceledException>(() => cancelled.IngestAsync(ReportJson.For(), "r.json", "https", default));

        var deliberate = new ReportIngestor(new ThrowingParser(new ReportRefusedException("no") { Code = ReportRefusedException.TooLarge }), tenants, store, time, options, NullLogger<ReportIngestor>.Instance);
        Assert.Equal(ReportRefusedException.TooLarge, (await Assert.ThrowsAsync<ReportRefusedException>(() => deliberate.IngestAsync(ReportJson.For(), "r.json", "https", default))).Code);
    }

    private ReportIngestor Ingestor(DkimMode mode = DkimMode.Record, int retryHours = 24)
    {
        var options = Options.Create(new ReportOptions { Dkim = mode, DkimDnsServer = dns.Endpoint, TempErrorRetryHours = retryHours, DkimDeadlineSeconds = 20 });
        return new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, store, time, options, NullLogger<ReportIngestor>.Instance);
    }

    /// <summary>An RFC 8460 §5.3 report message, signed by <paramref name="signer"/> unless null; tampered after signing if asked.</summary>
    private byte[] Mail(string? signer, bool tamper = false)
    {
        var report = new MimePart("application", "tlsrpt+json") { Content = new MimeContent(new MemoryStream(ReportJson.For())), ContentTransferEncoding = ContentEncoding.Base64, FileName = "report.json" };
        var body = new Multipart("report") { new TextPart("plain") { Text = "A TLS report." }, report };
        body.ContentType.Parameters.Add("report-type", "tlsrpt");
        var message = new MimeMessage(new[] { new MailboxAddress("Reports", "tls@org.example") }, new[] { new MailboxAddress("Victim", "tlsrpt@victim.example") }, "Report Domain: victim.example", body);
        message.Headers.Add("TLS-Report-Domain", "victim.example");
        message.Headers.Add("TLS-Report-Submitter", "org.example");
        if (signer is not null)
        {
            using var pem = new MemoryStream(Encoding.ASCII.GetBytes(key.ExportRSAPrivateKeyPem()));
            var dkimSigner = new DkimSigner(pem, signer, Selector, DkimSignatureAlgorithm.RsaSha256)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
            dkimSigner.Sign(message, ["From", "Subject", "TLS-Report-Domain", "TLS-Report-Submitter", "Content-Type"]);
        }

        using var output = new MemoryStream();
        message.WriteTo(output);
        var text = Encoding.UTF8.GetString(output.ToArray());
        return Encoding.UTF8.GetBytes(tamper ? text.Replace("Subject: Report Domain", "Subject: Report domain", StringComparison.Ordinal) : text);
    }

    private sealed class ThrowingParser(Exception fault) : IReportInputParser
    {
        public Task<ReportSource> ParseAsync(ReadOnlyMemory<byte> input, string? fileName, CancellationToken cancellationToken) => throw fault;
    }
}
