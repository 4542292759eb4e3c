namespace MtaSts.Core.Admin;

/// <summary>The result of an admin operation: the tenant as it now stands, or the problems that stopped it.</summary>
public sealed record AdminResult(AdminOutcome Outcome, TenantView? Tenant, IReadOnlyList<string> Errors)
{
    public static AdminResult Invalid(IReadOnlyList<string> errors) => new(AdminOutcome.Invalid, null, errors);

    public static AdminResult NotFound(string domain) => new(AdminOutcome.NotFound, null, [$"no tenant '{domain}'"]);
}
