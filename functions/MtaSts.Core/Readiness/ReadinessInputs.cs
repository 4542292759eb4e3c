using MtaSts.Core.FrontDoor;
using MtaSts.Core.Mx;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Readiness;

/// <summary>
/// What readiness is judged on: the tenant row, its report days (<c>Readiness:EvidenceDays</c> up to today), the live
/// MX set, the <c>_mta-sts</c> record as a resolver sees it (null when the lookup failed, with <see cref="DnsError"/>),
/// and the custom domain (null when none is managed here).
/// </summary>
public sealed record ReadinessInputs(
    Tenant Tenant,
    DateTimeOffset Now,
    IReadOnlyList<DaySummary> Days,
    MxLookup LiveMx,
    StsTxtLookupResult? DnsRecord,
    string? DnsError,
    CustomDomainView? CustomDomain);
