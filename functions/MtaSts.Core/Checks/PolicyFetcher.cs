using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Checks;

/// <summary>
/// Fetches a policy the way RFC 8461 §3.3 tells senders to: HTTPS to <c>mta-sts.&lt;domain&gt;</c> resolved at the
/// chosen resolver, the certificate checked for that name, redirects not followed, at most 64 KiB read, a time limit on
/// every step; and, unless <see cref="DomainCheckOptions.AllowPrivateTargets"/>, no connection at all when the name has
/// an address that is not global unicast (<see cref="NetworkAddresses"/>): the addresses checked are the ones connected to.
/// </summary>
public sealed class PolicyFetcher(DnsLookup dns, DomainCheckOptions options)
{
    public async Task<PolicyFetch> FetchAsync(string domain, CancellationToken cancellationToken)
    {
        var host = PolicyHost.Prefix + domain;
        var addresses = await dns.AddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Count == 0)
        {
            return new PolicyFetch($"{host} has no A or AAAA record", []);
        }

        if (!options.AllowPrivateTargets && NetworkAddresses.FirstRefused(addresses) is { } refused)
        {
            return new PolicyFetch($"{host} resolves to {refused}, not a global unicast address; not contacted", []);
        }

        var certificateProblems = new List<string>();
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.Timeout,
            UseProxy = false,
            ConnectCallback = async (context, token) => await ConnectAsync(addresses, options.HttpsPort, token).ConfigureAwait(false),
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = host,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    certificateProblems.AddRange(TlsValidation.Problems(host, certificate, errors, options.TrustedRoots));
                    return certificateProblems.Count == 0;
                },
            },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };

        // One limit for the whole exchange, body included: HttpClient.Timeout stops at the headers with ResponseHeadersRead.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Timeout);
        var url = new Uri($"https://{host}{(options.HttpsPort == 443 ? string.Empty : ":" + options.HttpsPort)}/.well-known/mta-sts.txt");
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.ToString();
            var contentType = response.Content.Headers.ContentType?.MediaType;
            await using var stream = await response.Content.ReadAsStreamAsync(limit.Token).ConfigureAwait(false);
            var buffer = new byte[StsPolicy.MaxBodyBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), limit.Token).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return new PolicyFetch(null, certificateProblems, status, location, contentType, buffer[..Math.Min(total, StsPolicy.MaxBodyBytes)], total > StsPolicy.MaxBodyBytes);
        }
        catch (HttpRequestException) when (certificateProblems.Count > 0)
        {
            return new PolicyFetch($"TLS with {host} failed: {string.Join("; ", certificateProblems)}", certificateProblems);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new PolicyFetch($"{url} did not answer completely within {options.Timeout.TotalSeconds:0} s", certificateProblems);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return new PolicyFetch($"{url} could not be fetched: {e.Message}", certificateProblems);
        }
    }

    private static async Task<Stream> ConnectAsync(IReadOnlyList<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
