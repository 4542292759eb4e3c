namespace MtaSts.Core.Admin;

/// <summary>
/// The automation settings of an admin PUT (<c>autoPromote</c>, <c>mxSync</c>, <c>alertWebhooks</c>), each null when
/// the body left it out: a PUT that leaves one out keeps the tenant's current value (a new tenant's is off / empty).
/// </summary>
public sealed record AutomationDraft(bool? AutoPromote, bool? MxSync, IReadOnlyList<string>? AlertWebhooks)
{
    public static readonly AutomationDraft None = new(null, null, null);

    /// <summary>The settings <paramref name="current"/> has with this draft's values applied.</summary>
    public Tenants.TenantAutomation Apply(Tenants.TenantAutomation current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new(AutoPromote ?? current.AutoPromote, MxSync ?? current.MxSync, AlertWebhooks ?? current.AlertWebhooks);
    }
}
