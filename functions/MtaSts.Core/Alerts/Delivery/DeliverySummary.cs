namespace MtaSts.Core.Alerts;

/// <summary>What one delivery run did: deliveries due, delivered, to be tried again, given up.</summary>
public sealed record DeliverySummary(int Due, int Delivered, int Retrying, int Failed);
