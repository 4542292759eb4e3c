namespace MtaSts.Core.Reports;

/// <summary>The input is not an acceptable TLS report; <see cref="Exception.Message"/> says why, for the rejected blob and the CLI.</summary>
public sealed class ReportRefusedException : Exception
{
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
