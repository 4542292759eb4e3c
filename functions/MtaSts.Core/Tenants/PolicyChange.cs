namespace MtaSts.Core.Tenants;

/// <summary>
/// One change of a tenant's served policy: its version, when it was stored (the start of its rotation window), and the
/// max_age senders may keep it for (0 for <c>mode: none</c>, which no sender needs to hold).
/// </summary>
public sealed record PolicyChange(long Version, DateTimeOffset ChangedAt, long MaxAge);
