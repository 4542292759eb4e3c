namespace MtaSts.Core.Serving;

/// <summary>
/// What to answer a policy request: status, the policy body for 200 (omitted on the wire for HEAD),
/// the <c>Allow</c> header for 405, and a short plain-text message for errors (no internal details).
/// </summary>
public sealed record PolicyResponse(int StatusCode, byte[]? Body, string? Allow = null, string? Message = null)
{
    public const string ContentType = "text/plain; charset=utf-8";
}
