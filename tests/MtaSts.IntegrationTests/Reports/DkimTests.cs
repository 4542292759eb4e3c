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
        });
        bind = await BindServer.StartAsync(work, port);
    }

    public async Task DisposeAsync()
    {
        await bind!.DisposeAsync();
        key.Dispose();
        Directory.Delete(work, recursive: true);
    }

    private byte[] Signed(Func<string, string>? tamper = null)
    {
        var original = File.ReadAllText(Path.Combine(MtaSts.DevHost.Hosting.AzuriteProcess.RepositoryRoot(), "..", "shared", "conformance", "tlsrpt", "stalwart-mail-auth", "rpt02.eml"));
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

    private ReportInputParser Parser(DkimMode mode)
    {
        var options = Options.Create(new ReportOptions { Dkim = mode, DkimDnsServer = bind!.Endpoint });
        return new ReportInputParser(options, new DkimChecker(options));
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
