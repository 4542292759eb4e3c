namespace MtaSts.Functions.Http;

/// <summary>RFC 9457 problem details, with every problem found listed in <see cref="Errors"/>.</summary>
public sealed record Problem(string Title, int Status, IReadOnlyList<string> Errors, string Type = "about:blank")
{
    public const string ContentType = "application/problem+json; charset=utf-8";

    public static JsonBodyResult Result(int status, string title, IReadOnlyList<string> errors) =>
        new(status, new Problem(title, status, errors), ContentType);
}
