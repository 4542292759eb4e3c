using System.Collections.Concurrent;
using System.Net;

namespace MtaSts.Core.Tests.Support;

/// <summary>
/// A webhook receiver on a loopback port (<see cref="HttpListener"/>): records each request's body and headers, and
/// answers <see cref="FailingStatus"/> to the first <see cref="FailuresLeft"/> requests (a receiver that fails for a while).
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private HttpListener listener = new();
    private int failuresLeft;

    /// <summary>Listens on a random port below the ephemeral range (where no outgoing connection can take it first).</summary>
    public WebhookReceiver()
    {
        for (var attempt = 0; ; attempt++)
        {
            Port = Random.Shared.Next(32001, 32700);
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 50)
            {
                listener.Close();
                listener = new HttpListener();
            }
        }

        _ = ServeAsync();
    }

    public int Port { get; private set; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public int FailingStatus { get; set; } = 503;

    public int FailuresLeft
    {
        get => Volatile.Read(ref failuresLeft);
        set => Volatile.Write(ref failuresLeft, value);
    }

    public ConcurrentQueue<(byte[] Body, string? Signature, string? Delivery, string? ContentType, int Answered)> Requests { get; } = new();

    public void Dispose() => listener.Close();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var status = Interlocked.Decrement(ref failuresLeft) >= 0 ? FailingStatus : 200;
            Requests.Enqueue((body.ToArray(), context.Request.Headers["X-MtaSts-Signature"], context.Request.Headers["X-MtaSts-Delivery"], context.Request.ContentType, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }
}
