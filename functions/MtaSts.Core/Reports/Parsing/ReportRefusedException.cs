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

    /// <summary>The tenant's day already has <c>Reports:MaxReportsPerTenantDay</c> reports.</summary>
    public const string Quota = "quota";

    /// <summary>Our code failed on this input (a bug, logged as an error): retrying would fail the same way.</summary>
    public const string ParserError = "parser-error";

    /// <summary>A short reason category for metrics: too-large, gzip, not-a-report, dkim, no-tenant, quota, parser-error or invalid (the report's content).</summary>
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
