namespace MtaSts.Core.Alerts;

/// <summary>One delivery of a notice as the API shows it: the receiver as scheme and host only.</summary>
public sealed record NoticeView(string Id, string Condition, string State, string Receiver, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, string? LastError)
{
    public static NoticeView Of(NoticeDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var receiver = Uri.TryCreate(delivery.Url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "(none)";
        return new(delivery.NoticeId, delivery.Condition, delivery.State, receiver, delivery.Status, delivery.Attempts, delivery.CreatedAt, delivery.DeliveredAt, delivery.LastError);
    }
}
