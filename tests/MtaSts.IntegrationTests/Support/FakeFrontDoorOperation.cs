using System.Text.Json.Nodes;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// A long-running operation of <see cref="FakeFrontDoor"/>, polled through its <c>Azure-AsyncOperation</c> or
/// <c>Location</c> URL. It completes on the poll numbered <see cref="RequiredPolls"/>, running <see cref="Complete"/>
/// (or <see cref="Fail"/> when failure was injected) under the fake's lock.
/// </summary>
internal sealed class FakeFrontDoorOperation(string subscriptionId, string resourceGroup, int requiredPolls, DateTimeOffset started)
{
    public string Id { get; } = Guid.NewGuid().ToString();

    public string SubscriptionId { get; } = subscriptionId;

    public string ResourceGroup { get; } = resourceGroup;

    public int RequiredPolls { get; } = Math.Max(1, requiredPolls);

    public int Polls { get; set; }

    public DateTimeOffset Started { get; } = started;

    public DateTimeOffset? Ended { get; set; }

    /// <summary>InProgress, Succeeded or Failed.</summary>
    public string Status { get; set; } = "InProgress";

    public bool WillFail { get; set; }

    public required Action Complete { get; init; }

    public Action? Fail { get; init; }

    /// <summary>The resource a Location poll answers with once done (PUT/PATCH); null for DELETE and POST (204).</summary>
    public Func<JsonObject>? Result { get; init; }

    /// <summary>The custom domains whose state a poll of this operation refreshes.</summary>
    public required Func<IEnumerable<FakeFrontDoorDomain>> Touches { get; init; }

    public string Path => $"/subscriptions/{SubscriptionId}/resourcegroups/{ResourceGroup}/providers/Microsoft.Cdn/operationresults/{Id}";

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = Path,
            ["name"] = Id,
            ["status"] = Status,
            ["startTime"] = FakeFrontDoorDomain.Format(Started),
        };
        if (Ended is not null)
        {
            json["endTime"] = FakeFrontDoorDomain.Format(Ended.Value);
        }

        if (Status == "Failed")
        {
            json["error"] = new JsonObject { ["code"] = "InternalServerError", ["message"] = "The operation failed (injected by the test)." };
        }

        return json;
    }
}
