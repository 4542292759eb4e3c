namespace MtaSts.Core.FrontDoor;

/// <summary>
/// One ARM answer as read before its message is disposed: the JSON body, the status, the long-running operation's
/// monitor URL (<c>Azure-AsyncOperation</c>, else <c>Location</c>) and its <c>Retry-After</c> in seconds.
/// </summary>
internal sealed record ArmAnswer(System.Text.Json.Nodes.JsonNode Json, int Status, string? Monitor, int? RetryAfterSeconds);
