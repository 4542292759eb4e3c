namespace MtaSts.IntegrationTests.Support;

/// <summary>What <see cref="FakeFrontDoor"/> holds for one custom domain, copied for a test to inspect.</summary>
public sealed record FakeFrontDoorDomainSnapshot(
    string Name,
    string HostName,
    string ProvisioningState,
    string ValidationState,
    string ValidationToken,
    DateTimeOffset TokenExpiry,
    string DeploymentStatus,
    string? SecretName,
    DateTimeOffset? CertificateExpiry);
