using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MtaSts.Core.Checks;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.Checks;

/// <summary>
/// Domains under <c>check.test</c>, each reproducing one way to get MTA-STS wrong, served by a real BIND, an HTTPS
/// server choosing its certificate by SNI (issued by a test CA), and a STARTTLS SMTP server; and
/// <c>silent.check.test</c>, whose policy host (127.0.0.2) accepts connections and never says a word.
/// </summary>
public sealed class CheckerLab : IAsyncLifetime
{
    public const string Zone = "check.test";
    private const string GoodPolicy = "version: STSv1\r\nmode: enforce\r\nmx: mx1.{0}\r\nmax_age: 1209600\r\n";

    private readonly string work = Directory.CreateTempSubdirectory("mtasts-checker-").FullName;
    private readonly ConcurrentDictionary<string, X509Certificate2> certificates = new(StringComparer.OrdinalIgnoreCase);
    private BindServer? bind;
    private WebApplication? https;
    private TcpListener? smtp;
    private TcpListener? silent;
    private CancellationTokenSource? stop;

    public TestCa Ca { get; } = new();

    public int HttpsPort { get; } = FreePort.Next();

    public int SmtpPort { get; private set; }

    public string CaFile => Path.Combine(work, "ca.pem");

    public IPEndPoint Dns => IPEndPoint.Parse(bind!.Endpoint);

    public DomainCheckOptions Options(bool smtp = false, bool allowPrivate = true) => new()
    {
        DnsServer = Dns,
        TrustedRoots = Ca.Roots,
        HttpsPort = HttpsPort,
        Smtp = smtp,
        SmtpPort = SmtpPort,
        Timeout = TimeSpan.FromSeconds(5),
        AllowPrivateTargets = allowPrivate,
    };

    /// <summary>What each scenario's HTTPS server answers: status, media type, body, Location.</summary>
    private static readonly Dictionary<string, (int Status, string ContentType, string Body, string? Location)> Http = new()
    {
        ["good"] = (200, "text/plain", string.Format(GoodPolicy, "good.check.test"), null),
        ["lf"] = (200, "text/plain", string.Format(GoodPolicy, "lf.check.test").Replace("\r\n", "\n", StringComparison.Ordinal), null),
        ["twotxt"] = (200, "text/plain", string.Format(GoodPolicy, "twotxt.check.test"), null),
        ["badid"] = (200, "text/plain", string.Format(GoodPolicy, "badid.check.test"), null),
        ["missingtxt"] = (200, "text/plain", string.Format(GoodPolicy, "missingtxt.check.test"), null),
        ["redirect"] = (301, "text/html", "moved", "https://www.check.test/mta-sts.txt"),
        ["mediatype"] = (200, "text/html", string.Format(GoodPolicy, "mediatype.check.test"), null),
        ["wrongname"] = (200, "text/plain", string.Format(GoodPolicy, "wrongname.check.test"), null),
        ["expired"] = (200, "text/plain", string.Format(GoodPolicy, "expired.check.test"), null),
        ["oversized"] = (200, "text/plain", string.Format(GoodPolicy, "oversized.check.test") + "x_pad: " + new string('a', 70 * 1024) + "\r\n", null),
        ["notfound"] = (404, "text/plain", "not found", null),
        ["uncovered"] = (200, "text/plain", string.Format(GoodPolicy, "uncovered.check.test"), null),
        ["wildcard"] = (200, "text/plain", "version: STSv1\r\nmode: enforce\r\nmx: *.mx.wildcard.check.test\r\nmax_age: 1209600\r\n", null),
        ["slow"] = (200, "text/plain", "version: STSv1\r\n", null),
    };

    public async Task InitializeAsync()
    {
        Ca.WritePem(CaFile);
        stop = new CancellationTokenSource();
        SmtpPort = StartSmtp();
        var records = new StringBuilder();
        foreach (var scenario in Http.Keys)
        {
            records.AppendLine($"mta-sts.{scenario} IN A 127.0.0.1");
            records.AppendLine($"{scenario} IN MX 10 mx1.{scenario}");
            records.AppendLine($"mx1.{scenario} IN A 127.0.0.1");
            records.AppendLine($"_smtp._tls.{scenario} IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@{scenario}.check.test\"");
            var txt = scenario switch
            {
                "missingtxt" => null,
                "twotxt" => "\"v=STSv1; id=1\"\n_mta-sts.twotxt IN TXT \"v=STSv1; id=2\"",
                "badid" => "\"v=STSv1; id=bad-id!\"",
                _ => "\"v=STSv1; id=20261129000000\"",
            };
            if (txt is not null)
            {
                records.AppendLine($"_mta-sts.{scenario} IN TXT {txt}");
            }
        }

        records.AppendLine("_mta-sts.silent IN TXT \"v=STSv1; id=20261129000000\"");
        records.AppendLine("mta-sts.silent IN A 127.0.0.2");
        StartSilent();
        records.AppendLine("uncovered IN MX 20 mx2.uncovered");
        records.AppendLine("mx2.uncovered IN A 127.0.0.1");
        records.AppendLine("wildcard IN MX 5 a.b.mx.wildcard");
        records.AppendLine("a.b.mx.wildcard IN A 127.0.0.1");
        var port = FreePort.Next();
        BindServer.WriteConfig(work, port, new Dictionary<string, (string, bool)> { [Zone] = (records.ToString(), false) });
        bind = await BindServer.StartAsync(work, port);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, HttpsPort, o => o.UseHttps(h => h.ServerCertificateSelector = (_, name) => CertificateFor(name ?? "unknown"))));
        https = builder.Build();
        https.Run(async context =>
        {
            var scenario = context.Request.Host.Host.Split('.')[1];
            var (status, contentType, body, location) = Http[scenario];
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            if (location is not null)
            {
                context.Response.Headers.Location = location;
            }

            await context.Response.WriteAsync(body);
            if (scenario == "slow")
            {
                // Headers and the first line at once, then nothing: the client's time limit must cover the body.
                await context.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        await https.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await stop!.CancelAsync();
        smtp?.Stop();
        silent?.Stop();
        await https!.DisposeAsync();
        await bind!.DisposeAsync();
        foreach (var certificate in certificates.Values)
        {
            certificate.Dispose();
        }

        Ca.Dispose();
        Directory.Delete(work, recursive: true);
    }

    private X509Certificate2 CertificateFor(string name) => certificates.GetOrAdd(name, n => n switch
    {
        "mta-sts.wrongname.check.test" => Ca.Issue("mta-sts.other.check.test"),
        "mta-sts.expired.check.test" => Ca.Issue(n, DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(-1)),
        "mx1.uncovered.check.test" => Ca.Issue("wrong.check.test"),
        _ => Ca.Issue(n),
    });

    /// <summary>An HTTPS port that accepts connections and holds them without a word, until the lab stops.</summary>
    private void StartSilent()
    {
        silent = new TcpListener(IPAddress.Parse("127.0.0.2"), HttpsPort);
        silent.Start();
        _ = Task.Run(async () =>
        {
            var held = new List<TcpClient>();
            try
            {
                while (!stop!.IsCancellationRequested)
                {
                    held.Add(await silent.AcceptTcpClientAsync(stop.Token));
                }
            }
            catch (Exception) when (stop!.IsCancellationRequested)
            {
            }
            finally
            {
                held.ForEach(c => c.Dispose());
            }
        });
    }

    /// <summary>A minimal SMTP server: 220, EHLO with STARTTLS, then TLS with a certificate chosen by SNI.</summary>
    private int StartSmtp()
    {
        smtp = new TcpListener(IPAddress.Loopback, 0);
        smtp.Start();
        _ = Task.Run(async () =>
        {
            while (!stop!.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await smtp.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }

                _ = Task.Run(() => ServeSmtpAsync(client));
            }
        });
        return ((IPEndPoint)smtp.LocalEndpoint).Port;
    }

    private async Task ServeSmtpAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
                await Say("220 mx.check.test ESMTP test");
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))
                    {
                        await Say("250-mx.check.test");
                        await Say("250 STARTTLS");
                    }
                    else if (line.StartsWith("STARTTLS", StringComparison.OrdinalIgnoreCase))
                    {
                        await Say("220 go ahead");
                        using var tls = new SslStream(stream);
                        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateSelectionCallback = (_, name) => CertificateFor(name ?? "unknown") });
                        var buffer = new byte[256];
                        _ = await tls.ReadAsync(buffer);
                        return;
                    }
                    else
                    {
                        await Say("221 bye");
                        return;
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (System.Security.Authentication.AuthenticationException)
            {
            }
        }
    }
}
