namespace MtaSts.Core.Tenants;

/// <summary>Who or what changed a tenant's policy, as recorded in <see cref="Tenant.PolicyChangedBy"/>.</summary>
public static class PolicyChangers
{
    /// <summary>An administrator, through the admin API (or the CLI, or the dashboard, which call it).</summary>
    public const string Admin = "admin";

    /// <summary>The readiness evaluation, promoting a tenant with <c>autoPromote</c> to <c>enforce</c>.</summary>
    public const string AutoPromote = "auto-promote";

    /// <summary>The MX watcher, updating the <c>mx</c> list of a tenant with <c>mxSync: auto</c>.</summary>
    public const string MxSync = "mx-sync";
}
