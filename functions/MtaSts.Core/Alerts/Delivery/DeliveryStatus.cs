namespace MtaSts.Core.Alerts;

/// <summary>Where one delivery of a notice to one webhook stands.</summary>
public static class DeliveryStatus
{
    /// <summary>Not delivered yet: tried at <see cref="NoticeDelivery.NextAttemptAt"/>.</summary>
    public const string Pending = "pending";

    /// <summary>The receiver answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>Given up after <c>Alerts:MaxDeliveryHours</c> of failures; kept in the history.</summary>
    public const string Failed = "failed";

    /// <summary>No webhook was configured for the tenant: the notice is kept in the history only.</summary>
    public const string NoReceiver = "no-receiver";
}
