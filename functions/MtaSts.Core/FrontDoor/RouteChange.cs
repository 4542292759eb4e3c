namespace MtaSts.Core.FrontDoor;

/// <summary>
/// A tenant's custom domain that must be on its shard's route and under its WAF policy (<see cref="Attach"/>) or off
/// both, after one step of the sync; or, with <see cref="Repair"/>, one already attached whose entries are re-asserted
/// (an outside write, such as a Bicep redeployment, may have dropped them). Applied once per shard and run, under the
/// shard's route lock.
/// </summary>
internal sealed record RouteChange(string Domain, string CustomDomainId, bool Attach, CustomDomainInfo? Info, DateTimeOffset? CertificateExpiresAt, bool Repair = false);
