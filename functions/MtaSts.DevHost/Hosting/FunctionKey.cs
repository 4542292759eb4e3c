using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// The function key, checked as the Functions host does for <c>AuthorizationLevel.Function</c>: the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter, compared in constant time.
/// </summary>
public sealed class FunctionKey
{
    public FunctionKey(string? configured)
    {
        Generated = string.IsNullOrWhiteSpace(configured);
        Value = Generated ? System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)) : configured!;
    }

    public string Value { get; }

    public bool Generated { get; }

    public bool IsPresentIn(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var offered = request.Headers["x-functions-key"].ToString();
        if (string.IsNullOrEmpty(offered))
        {
            offered = request.Query["code"].ToString();
        }

        return offered.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), Encoding.UTF8.GetBytes(Value));
    }
}
