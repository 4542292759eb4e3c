namespace MtaSts.Core.Tenants;

/// <summary>Where a tenant is in its life: serving a policy, or withdrawing it (RFC 8461 §8.3) before removal.</summary>
public enum TenantState
{
    Active,
    Offboarding,
}
