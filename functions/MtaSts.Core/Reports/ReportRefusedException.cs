namespace MtaSts.Core.Reports;

/// <summary>The input is not an acceptable TLS report; <see cref="Exception.Message"/> says why, for the rejected blob and the CLI.</summary>
public sealed class ReportRefusedException : Exception
{
    public const string TooLarge = "too-large";
    public const string Compression = "gzip";
    public const string NotAReport = "not-a-report";
    public const string Dkim = "dkim";
    public const string NoTenant = "no-tenant";
    public const string Invalid = "invalid";

    /// <summary>A short reason category for metrics: too-large, gzip, not-a-report, dkim, no-tenant or invalid (the report's content).</summary>
    public string Code { get; init; } = Invalid;

    public ReportRefusedException()
    {
    }

    public ReportRefusedException(string message)
        : base(message)
    {
    }

    public ReportRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
