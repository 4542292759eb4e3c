namespace MtaSts.Core.FrontDoor;

/// <summary>
/// A tenant's custom domain in words for the admin API, <c>/status</c> and the CLI: <see cref="State"/> is one of
/// <c>unplaced</c>, <c>creating</c>, <c>awaiting-validation-record</c>, <c>validating</c>, <c>attaching</c>,
/// <c>deploying</c>, <c>live</c>, <c>revalidation-needed</c>, <c>removing</c>, <c>removed</c> or
/// <c>failed: &lt;reason&gt;</c>; <see cref="CustomerActions"/> says what the customer must still do.
/// </summary>
public sealed record CustomDomainView(
    string State,
    string HostName,
    string? Shard,
    string? EndpointHost,
    string? ValidationState,
    DateTimeOffset? TokenExpiresAt,
    DateTimeOffset? CertificateExpiresAt,
    DateTimeOffset? CheckedAt,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<string> CustomerActions);
