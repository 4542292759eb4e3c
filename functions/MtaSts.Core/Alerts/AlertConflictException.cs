namespace MtaSts.Core.Alerts;

/// <summary>Another writer changed the alert (or its outbox) first: read it again and decide again.</summary>
public sealed class AlertConflictException : Exception
{
    public AlertConflictException()
    {
    }

    public AlertConflictException(string message)
        : base(message)
    {
    }

    public AlertConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
