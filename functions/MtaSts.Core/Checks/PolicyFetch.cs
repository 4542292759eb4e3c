namespace MtaSts.Core.Checks;

/// <summary>What fetching <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> gave, step by step.</summary>
public sealed record PolicyFetch(
    string? Error,
    IReadOnlyList<string> CertificateProblems,
    int? Status = null,
    string? Location = null,
    string? ContentType = null,
    byte[]? Body = null,
    bool TooLarge = false);
