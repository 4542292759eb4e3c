namespace MtaSts.Core.Serving;

/// <summary>HTTP method names compared as RFC 9110 §9.1 says: case-sensitive.</summary>
internal static class HttpMethods
{
    public static bool IsGetOrHead(string method) => method is "GET" or "HEAD";
}
