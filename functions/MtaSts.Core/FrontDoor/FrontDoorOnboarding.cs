using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.FrontDoor;

/// <summary>
/// What the admin API needs of custom-domain onboarding: a shard with room for a new tenant (refused clearly when
/// every shard is full), the slot given back when the tenant was not stored after all, and the state in words.
/// </summary>
public sealed class FrontDoorOnboarding(IOptions<FrontDoorOptions> frontDoor, IOptions<DnsOptions> dns, IFrontDoorLedger ledger)
{
    private readonly CustomDomainStatus status = new(dns.Value, frontDoor.Value);

    public bool Enabled => frontDoor.Value.Enabled;

    /// <summary>The shard a new tenant goes on, or null when every one is full.</summary>
    public Task<string?> ReserveAsync(CancellationToken cancellationToken) =>
        ledger.ReserveAsync(frontDoor.Value.Shards, null, cancellationToken);

    public Task ReleaseAsync(string shard, CancellationToken cancellationToken) => ledger.ReleaseAsync(shard, cancellationToken);

    public string NoRoomMessage =>
        $"every Front Door shard is full ({string.Join(", ", frontDoor.Value.Shards.Select(s => $"{s.Profile}: {s.Capacity}"))} custom domains): " +
        "add a profile (the Bicep parameter frontDoorProfileCount) and list it in FrontDoor:Shards";

    public CustomDomainView? Describe(Tenant tenant) => status.Describe(tenant);

    /// <summary>The host name a tenant's <c>mta-sts</c> CNAME points at: its shard's endpoint, when it has one.</summary>
    public string? EndpointHost(Tenant tenant) =>
        tenant?.CustomDomain is { } domain ? frontDoor.Value.Shard(domain.Shard)?.EndpointHost : null;
}
