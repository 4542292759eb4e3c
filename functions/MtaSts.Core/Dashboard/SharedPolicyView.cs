using MtaSts.Core.Admin;

namespace MtaSts.Core.Dashboard;

/// <summary>
/// The tenant as a share link shows it: the policy, its publication and the records to create, and where we manage
/// its custom domain, that domain's state, certificate expiry and the customer's actions. Nothing about automation,
/// webhooks, shards or our own errors.
/// </summary>
public sealed record SharedPolicyView(
    string Domain,
    string Mode,
    IReadOnlyList<string> Mx,
    long MaxAge,
    string Policy,
    string State,
    string? PublishedId,
    DateTimeOffset? RotationDueAt,
    IReadOnlyList<CustomerRecord> Records,
    SharedCustomDomainView? CustomDomain);
