namespace MtaSts.Core.FrontDoor;

/// <summary>
/// A tenant's custom domain that must be on its shard's route (<see cref="Attach"/>) or off it, after one step of the
/// sync; the route is changed once per shard and run, under the shard's route lock.
/// </summary>
internal sealed record RouteChange(string Domain, string CustomDomainId, bool Attach, CustomDomainInfo? Info, DateTimeOffset? CertificateExpiresAt);
