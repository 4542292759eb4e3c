namespace MtaSts.Core.Admin;

/// <summary>
/// A DNS record a tenant needs. <see cref="ManagedBy"/> says who creates it: <c>customer</c> in the customer's own
/// zone, or <c>service</c> when we write it. <see cref="Value"/> is null while it is not known yet (a policy id
/// before the first rotation).
/// </summary>
public sealed record CustomerRecord(string Name, string Type, string? Value, string ManagedBy, bool Required, string Purpose);
