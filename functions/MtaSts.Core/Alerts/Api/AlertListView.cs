namespace MtaSts.Core.Alerts;

/// <summary><c>GET /api/alerts?state=open</c>: one page of open alerts and the continuation of the next.</summary>
public sealed record AlertListView(IReadOnlyList<AlertView> Alerts, string? Continuation);
