namespace MtaSts.Core.Alerts;

/// <summary>An alert as the API shows it.</summary>
public sealed record AlertView(string Tenant, string Condition, string State, string Text, DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt, DateTimeOffset LastNotifiedAt, DateTimeOffset? ResolvedAt)
{
    public static AlertView Of(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new(alert.Tenant, alert.Condition, alert.State, alert.Text, alert.OpenedAt, alert.UpdatedAt, alert.LastNotifiedAt, alert.ResolvedAt);
    }
}
