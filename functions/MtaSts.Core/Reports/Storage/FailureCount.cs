namespace MtaSts.Core.Reports;

/// <summary>Failed sessions of one result type (RFC 8460 §4.4) at one receiving MX host.</summary>
public sealed record FailureCount(string ResultType, string ReceivingMx, long Count)
{
    /// <summary>The bucket that folded entries go to when a breakdown would grow past its bound.</summary>
    public const string Other = "(other)";

    /// <summary>The MX name used when a failure-details entry names none.</summary>
    public const string NotReported = "(not reported)";
}
