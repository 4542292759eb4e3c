using System.Globalization;
using System.Net;

namespace MtaSts.Core.Dns;

/// <summary>
/// Settings under <c>Dns:Rfc2136</c>: the primary server that takes dynamic updates (RFC 2136) and the TSIG key
/// (RFC 8945) that signs them. The same server is asked when records are read back.
/// </summary>
public sealed class Rfc2136Options
{
    /// <summary><c>Dns:Rfc2136:Server</c>: <c>host:port</c> or an IP address (port 53 by default); IPv6 as <c>[::1]:53</c>.</summary>
    public string? Server { get; set; }

    public string? TsigKeyName { get; set; }

    /// <summary><c>Dns:Rfc2136:TsigAlgorithm</c>: hmac-sha256 (default), hmac-sha384, hmac-sha512, hmac-sha224, hmac-sha1, hmac-md5.</summary>
    public string TsigAlgorithm { get; set; } = "hmac-sha256";

    /// <summary><c>Dns:Rfc2136:TsigSecret</c>: the key in base64, as in BIND's <c>key { secret "..."; }</c>.</summary>
    public string? TsigSecret { get; set; }

    /// <summary><c>Dns:Rfc2136:TimeoutSeconds</c>: how long one DNS exchange may take.</summary>
    public int TimeoutSeconds { get; set; } = 5;

    public IEnumerable<string> Validate()
    {
        if (!TryParseServer(Server, out _))
        {
            yield return $"Dns:Rfc2136:Server must be an IP address with an optional port, like 192.0.2.53:53 or [2001:db8::53]:53 (it is '{Server}')";
        }

        if (string.IsNullOrWhiteSpace(TsigKeyName))
        {
            yield return "Dns:Rfc2136:TsigKeyName is required: the name of the TSIG key the server accepts updates with";
        }

        if (TsigAlgorithms.Parse(TsigAlgorithm) is null)
        {
            yield return $"Dns:Rfc2136:TsigAlgorithm '{TsigAlgorithm}' is not one of {string.Join(", ", TsigAlgorithms.Names)}";
        }

        if (!TryDecodeSecret(TsigSecret, out _))
        {
            yield return "Dns:Rfc2136:TsigSecret must be the key in base64 (as in BIND's key statement)";
        }

        if (TimeoutSeconds is < 1 or > 60)
        {
            yield return $"Dns:Rfc2136:TimeoutSeconds must be between 1 and 60 (it is {TimeoutSeconds})";
        }
    }

    public static bool TryParseServer(string? text, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.None, 0);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (IPEndPoint.TryParse(text.Trim(), out var parsed) && parsed.Address.ToString() != "0.0.0.0")
        {
            endpoint = new IPEndPoint(parsed.Address, parsed.Port == 0 ? 53 : parsed.Port);
            return true;
        }

        return false;
    }

    public static bool TryDecodeSecret(string? secret, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(secret))
        {
            return false;
        }

        var buffer = new byte[secret.Length];
        if (!Convert.TryFromBase64String(secret.Trim(), buffer, out var written) || written == 0)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Server} key {TsigKeyName} ({TsigAlgorithm})");
}
