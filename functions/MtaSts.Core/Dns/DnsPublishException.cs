namespace MtaSts.Core.Dns;

/// <summary>A DNS provider refused or failed a read or write; the message says what to check.</summary>
public sealed class DnsPublishException : Exception
{
    public DnsPublishException()
    {
    }

    public DnsPublishException(string message)
        : base(message)
    {
    }

    public DnsPublishException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
