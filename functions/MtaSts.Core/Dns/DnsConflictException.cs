namespace MtaSts.Core.Dns;

/// <summary>A conditional DNS write lost: the record set changed since it was read (HTTP 412, or an RFC 2136 prerequisite failed).</summary>
public sealed class DnsConflictException : Exception
{
    public DnsConflictException()
    {
    }

    public DnsConflictException(string message)
        : base(message)
    {
    }

    public DnsConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
