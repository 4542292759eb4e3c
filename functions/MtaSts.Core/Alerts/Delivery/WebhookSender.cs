using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MtaSts.Core.Checks;

namespace MtaSts.Core.Alerts;

/// <summary>
/// Posts a notice to a webhook: the body as JSON, signed <c>X-MtaSts-Signature: sha256=&lt;hex HMAC-SHA256 of the raw
/// body with Alerts:WebhookSecret&gt;</c>, with the notice id in <c>X-MtaSts-Delivery</c> so that a receiver can drop
/// a repeat. Redirects are not followed, the answer is not read beyond its status, one time limit covers the exchange,
/// and unless <c>Alerts:AllowPrivateTargets</c> only global unicast addresses are connected to
/// (<see cref="NetworkAddresses"/>), checked on the address actually connected to.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string SignatureHeader = "X-MtaSts-Signature";
    public const string DeliveryHeader = "X-MtaSts-Delivery";

    private readonly AlertOptions settings;
    private readonly HttpClient client;

    public WebhookSender(IOptions<AlertOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(settings.WebhookTimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = false, // a proxy would be the address checked, not the receiver
            ConnectCallback = ConnectAsync,
        };
        client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(settings.WebhookTimeoutSeconds) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("MtaSts-Alerts/1.0");
    }

    /// <summary>The signature header's value for <paramref name="body"/>.</summary>
    public static string Signature(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Sends; null when the receiver answered 2xx, else what went wrong.</summary>
    public async Task<string?> SendAsync(string url, string noticeId, string body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.WebhookSecret))
        {
            return "Alerts:WebhookSecret is not set: notices are not sent unsigned";
        }

        if (settings.IsUnresolvedReference)
        {
            return "Alerts:WebhookSecret is an unresolved Key Vault reference: give the app's identity 'Key Vault Secrets User' on the vault and check the secret URI; notices are held until then";
        }

        if (!WebhookAddress.TryRead(url, out var address, out var problem))
        {
            return $"the webhook URL {problem}";
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(SignatureHeader, Signature(bytes, settings.WebhookSecret));
        request.Headers.TryAddWithoutValidation(DeliveryHeader, noticeId);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? null : $"the webhook answered {status} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return $"the webhook could not be reached: {e.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the webhook did not answer within {settings.WebhookTimeoutSeconds} seconds (Alerts:WebhookTimeoutSeconds)";
        }
    }

    public void Dispose() => client.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
            ? [literal]
            : await System.Net.Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        if (!settings.AllowPrivateTargets && NetworkAddresses.FirstRefused(addresses) is { } refused)
        {
            throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to {refused}, not a global unicast address (Alerts:AllowPrivateTargets)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
