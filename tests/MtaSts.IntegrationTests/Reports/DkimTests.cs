using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using MtaSts.Core.Reports;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Reports;

/// <summary>DKIM on e-mailed reports: messages the test signs itself, the public key served by a real BIND.</summary>
public sealed class DkimTests : IAsyncLifetime
{
    private const string Domain = "signer.test";
    private const string Selector = "tlsrpt2026";
    private readonly string work = Directory.CreateTempSubdirectory("mtasts-dkim-").FullName;
    private readonly RSA key = RSA.Create(2048);
    private BindServer? bind;

    public async Task InitializeAsync()
    {
        var publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        var chunks = string.Join(' ', publicKey.Chunk(200).Select(c => $"\"{new string(c)}\""));
        var port = FreePort.Next();
        BindServer.WriteConfig(work, port, new Dictionary<string, (string, bool)>
        {
            [Domain] = ($"{Selector}._domainkey IN TXT \"v=DKIM1; k=rsa; p=\" {chunks}", false),
            ["attacker.test"] = ($"{Selector}._domainkey.google.com IN TXT \"v=DKIM1; k=rsa; p=\" {chunks}", false),
        });
        bind = await BindServer.StartAsync(work, port);
    }

    public async Task DisposeAsync()
    {
        await bind!.DisposeAsync();
        key.Dispose();
        Directory.Delete(work, recursive: true);
    }

    private byte[] Signed(Func<string, string>? tamper = null, string? submitter = null)
    {
        var original = File.ReadAllText(Path.Combine(MtaSts.DevHost.Hosting.AzuriteProcess.RepositoryRoot(), "..", "shared", "conformance", "tlsrpt", "stalwart-mail-auth", "rpt02.eml"));
        if (submitter is not null)
        {
            original = original.Replace("TLS-Report-Submitter: mail.sender.example.com", "TLS-Report-Submitter: " + submitter, StringComparison.Ordinal);
        }

        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(original)));
        using var pem = new MemoryStream(Encoding.ASCII.GetBytes(key.ExportRSAPrivateKeyPem()));
        var signer = new DkimSigner(pem, Domain, Selector, DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        signer.Sign(message, ["From", "Subject", "TLS-Report-Domain", "TLS-Report-Submitter", "Content-Type"]);
        using var output = new MemoryStream();
        message.WriteTo(output);
        var text = Encoding.UTF8.GetString(output.ToArray());
        return Encoding.UTF8.GetBytes(tamper is null ? text : tamper(text));
    }

    private ReportInputParser Parser(DkimMode mode, string? dnsServer = null, int deadlineSeconds = 20)
    {
        var options = Options.Create(new ReportOptions { Dkim = mode, DkimDnsServer = dnsServer ?? bind!.Endpoint, DkimDeadlineSeconds = deadlineSeconds });
        return new ReportInputParser(options, new DkimChecker(options));
    }

    private static async Task<(StoredReport? Stored, Exception? Error)> IngestAsync(ReportInputParser parser, byte[] mail, DateTimeOffset receivedAt, DateTimeOffset now)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now);
        var tenants = new MtaSts.Core.Tests.Support.InMemoryTenantStore();
        await tenants.AddAsync(new MtaSts.Core.Tenants.Tenant { Domain = "example.com", Policy = MtaSts.Core.Tests.Support.Policies.Testing(), CreatedAt = now, PolicyChangedAt = now }, default);
        var reports = new MtaSts.Core.Tests.Support.InMemoryTlsReportStore();
        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Record, MaxReportAgeDays = 36500 });
        var ingestor = new ReportIngestor(parser, tenants, reports, time, options, Microsoft.Extensions.Logging.Abstractions.NullLogger<ReportIngestor>.Instance);
        try
        {
            await ingestor.IngestAsync(mail, "mail.eml", "email", receivedAt, default);
            return (reports.Reports.Single(), null);
        }
        catch (Exception e) when (e is DkimTemporaryException or ReportRefusedException)
        {
            return (null, e);
        }
    }

    [Fact]
    public async Task A_signed_report_is_aligned_only_when_the_signer_is_the_submitter()
    {
        var now = DateTimeOffset.UtcNow;

        var unaligned = await IngestAsync(Parser(DkimMode.Record), Signed(), now, now);
        var aligned = await IngestAsync(Parser(DkimMode.Record), Signed(submitter: "reports." + Domain), now, now);

        Assert.True(unaligned.Stored is not null, unaligned.Error?.Message);
        Assert.Equal((Provenance.EmailPass, Domain), (unaligned.Stored!.Provenance, unaligned.Stored.SigningDomain));
        Assert.Equal((Provenance.EmailAligned, Domain), (aligned.Stored!.Provenance, aligned.Stored.SigningDomain));
    }

    /// <summary>
    /// Review of #11: the signing domain was read again from the header with a regex that stopped at whitespace, while
    /// the verifier drops the whitespace inside <c>d=</c>. A key under <c>google.com.attacker.test</c> then "passed" as
    /// google.com and was counted as Google's aligned report. The signing domain is now the one whose key verified it.
    /// </summary>
    [Fact]
    public async Task The_signing_domain_is_the_one_whose_key_verified_the_signature()
    {
        var now = DateTimeOffset.UtcNow;
        var original = File.ReadAllText(Path.Combine(MtaSts.DevHost.Hosting.AzuriteProcess.RepositoryRoot(), "..", "shared", "conformance", "tlsrpt", "stalwart-mail-auth", "rpt02.eml"))
            .Replace("TLS-Report-Submitter: mail.sender.example.com", "TLS-Report-Submitter: google.com", StringComparison.Ordinal);
        var forged = Encoding.UTF8.GetBytes(HandMadeDkimSigner.Sign(original, key, "google.com .attacker.test", Selector, ["From", "Subject", "TLS-Report-Submitter"]));

        var source = await Parser(DkimMode.Record).ParseAsync(forged, null, default);
        var stored = await IngestAsync(Parser(DkimMode.Record), forged, now, now);

        Assert.Equal(new DkimVerdict("pass", "google.com.attacker.test", null), source.Dkim);
        Assert.Equal((Provenance.EmailPass, "google.com.attacker.test"), (stored.Stored!.Provenance, stored.Stored.SigningDomain));
    }

    [Fact]
    public async Task A_key_lookup_that_fails_temporarily_is_retried_then_stored_as_temperror()
    {
        using var servfail = new MtaSts.Core.Tests.Support.DnsResponder { ErrorCode = MtaSts.Core.Tests.Support.DnsResponder.ServFail };
        var parser = Parser(DkimMode.Record, servfail.Endpoint);
        var now = DateTimeOffset.UtcNow;

        Assert.Equal("temperror", (await parser.ParseAsync(Signed(), null, default)).Dkim!.Result);
        Assert.IsType<DkimTemporaryException>((await IngestAsync(parser, Signed(), now.AddHours(-23), now)).Error);
        Assert.Equal(Provenance.EmailTempError, (await IngestAsync(parser, Signed(), now.AddHours(-25), now)).Stored!.Provenance);
    }

    /// <summary>
    /// Review of #11: each lookup had its own timeout (5 s, one retry) and five signatures were tried, so one message on
    /// a silent resolver held an ingest for close to a minute, and a sweep of such messages ran out of time.
    /// </summary>
    [Fact]
    public async Task All_key_lookups_of_a_message_share_one_deadline_past_which_it_is_a_temperror()
    {
        using var silent = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var parser = Parser(DkimMode.Record, silent.Client.LocalEndPoint!.ToString(), deadlineSeconds: 1);

        var verdict = (await parser.ParseAsync(Signed(), null, default)).Dkim!;

        Assert.Equal("temperror", verdict.Result);
        Assert.Contains("Reports:DkimDeadlineSeconds", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correctly_signed_report_passes_with_the_signing_domain()
    {
        var source = await Parser(DkimMode.Require).ParseAsync(Signed(), null, default);

        Assert.Equal(new DkimVerdict("pass", Domain, null), source.Dkim);
    }

    [Fact]
    public async Task A_tampered_report_fails_is_recorded_under_Record_and_refused_under_Require()
    {
        var tampered = Signed(text => text.Contains("\"total-successful-session-count\": 23,", StringComparison.Ordinal)
            ? text.Replace("\"total-successful-session-count\": 23,", "\"total-successful-session-count\": 99,", StringComparison.Ordinal)
            : throw new InvalidOperationException("the sample changed"));

        var recorded = await Parser(DkimMode.Record).ParseAsync(tampered, null, default);
        Assert.Equal("fail", recorded.Dkim!.Result);
        Assert.Equal(Domain, recorded.Dkim.Domain);

        var error = await Assert.ThrowsAsync<ReportRefusedException>(() => Parser(DkimMode.Require).ParseAsync(tampered, null, default));
        Assert.Contains("DKIM result is fail", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_whose_key_is_not_in_DNS_fails()
    {
        var wrongSelector = Signed(text => text.Replace($"s={Selector}", "s=missing", StringComparison.Ordinal));

        var source = await Parser(DkimMode.Record).ParseAsync(wrongSelector, null, default);

        Assert.Equal("fail", source.Dkim!.Result);
    }
}
