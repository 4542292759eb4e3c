namespace MtaSts.Core.Reports;

/// <summary>
/// A DKIM key could not be fetched because DNS failed (a timeout, SERVFAIL): RFC 6376 §6.1.2 calls this TEMPFAIL;
/// the verdict is <c>temperror</c>, and the report is tried again later rather than judged now.
/// </summary>
public sealed class DkimTemporaryException : Exception
{
    public DkimTemporaryException()
    {
    }

    public DkimTemporaryException(string message)
        : base(message)
    {
    }

    public DkimTemporaryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
