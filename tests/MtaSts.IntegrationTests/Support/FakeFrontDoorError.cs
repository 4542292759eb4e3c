namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// An ARM error response of <see cref="FakeFrontDoor"/>: thrown by its handlers and written as
/// <c>{"error":{"code":…,"message":…}}</c> with the given status.
/// </summary>
public sealed class FakeFrontDoorError : Exception
{
    public FakeFrontDoorError()
    {
        Code = "InternalServerError";
    }

    public FakeFrontDoorError(string message)
        : base(message)
    {
        Code = "InternalServerError";
    }

    public FakeFrontDoorError(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "InternalServerError";
    }

    public FakeFrontDoorError(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; } = 500;

    public string Code { get; }
}
