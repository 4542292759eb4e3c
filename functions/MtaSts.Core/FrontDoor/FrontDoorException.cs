namespace MtaSts.Core.FrontDoor;

/// <summary>
/// Front Door (ARM) refused or failed a request: <see cref="Status"/> and <see cref="Code"/> as ARM answered (0 and
/// null when the failure was ours, e.g. an unreadable answer), the message written for an operator.
/// </summary>
public sealed class FrontDoorException : Exception
{
    public FrontDoorException()
    {
    }

    public FrontDoorException(string message)
        : base(message)
    {
    }

    public FrontDoorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FrontDoorException(string message, int status, string? code)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string? Code { get; }
}
