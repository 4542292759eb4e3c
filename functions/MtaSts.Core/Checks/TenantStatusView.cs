namespace MtaSts.Core.Checks;

/// <summary>The status of a tenant: the domain checks a sender's view gives, then ours (served policy, DNS id, rotation, records).</summary>
public sealed record TenantStatusView(string Domain, string State, bool Healthy, IReadOnlyList<CheckResult> Checks);
