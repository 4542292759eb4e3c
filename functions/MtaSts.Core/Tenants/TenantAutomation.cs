namespace MtaSts.Core.Tenants;

/// <summary>
/// A tenant's automation settings, from the admin API's <c>autoPromote</c>, <c>mxSync</c> and <c>alertWebhooks</c>:
/// whether the service may switch the policy to <c>enforce</c> once the readiness verdict has held, whether the MX
/// watcher may update the <c>mx</c> list itself, and the webhooks that receive this tenant's alerts instead of
/// <c>Alerts:Webhooks</c> (empty: the service-wide ones). Every automatic change goes through the normal change path.
/// </summary>
public sealed record TenantAutomation(bool AutoPromote, bool MxSync, IReadOnlyList<string> AlertWebhooks)
{
    /// <summary>At most this many per-tenant webhooks.</summary>
    public const int MaxWebhooks = 4;

    public static readonly TenantAutomation Default = new(false, false, []);

    public bool Equals(TenantAutomation? other) =>
        other is not null && AutoPromote == other.AutoPromote && MxSync == other.MxSync && AlertWebhooks.SequenceEqual(other.AlertWebhooks, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(AutoPromote, MxSync, AlertWebhooks.Count);
}
