namespace MtaSts.Core.Tenants;

/// <summary>A conditional write lost: the tenant row was created or changed by someone else since it was read.</summary>
public sealed class TenantConflictException : Exception
{
    public TenantConflictException()
    {
    }

    public TenantConflictException(string message)
        : base(message)
    {
    }

    public TenantConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
