using System.Globalization;
using System.Text.Json.Nodes;

namespace MtaSts.IntegrationTests.Support;

/// <summary>
/// The state of one custom domain (<c>Microsoft.Cdn/profiles/customDomains</c>) in <see cref="FakeFrontDoor"/>:
/// provisioning, DNS TXT validation, the managed certificate and its deployment. Guarded by the fake's lock.
/// </summary>
internal sealed class FakeFrontDoorDomain(FakeFrontDoorProfile profile, string name, string hostName)
{
    public FakeFrontDoorProfile Profile { get; } = profile;

    public string Name { get; } = name;

    public string HostName { get; } = hostName;

    public string CertificateType { get; set; } = "ManagedCertificate";

    public string MinimumTlsVersion { get; set; } = "TLS12";

    /// <summary>Succeeded, Failed, Updating, Deleting or Creating (AfdProvisioningState).</summary>
    public string ProvisioningState { get; set; } = "Creating";

    /// <summary>Unknown, Submitting, Pending, Rejected, TimedOut, PendingRevalidation, Approved, RefreshingValidationToken or InternalError.</summary>
    public string ValidationState { get; set; } = "Submitting";

    public string Token { get; set; } = string.Empty;

    public DateTimeOffset TokenExpiry { get; set; }

    /// <summary>GETs and polls seen since the domain became Approved and attached to a route; drives <see cref="DeploymentStatus"/>.</summary>
    public int DeploymentTouches { get; set; }

    public string? SecretName { get; set; }

    public DateTimeOffset? CertificateExpiry { get; set; }

    public bool Gone { get; set; }

    public string Id => $"{Profile.Id}/customdomains/{Name}";

    public string? SecretId => SecretName is null ? null : $"{Profile.Id}/secrets/{SecretName}";

    /// <summary>Whether Front Door would look for the TXT record now.</summary>
    public bool AwaitsTxt => ValidationState is "Pending" or "PendingRevalidation" && ProvisioningState is not ("Creating" or "Deleting");

    public string DeploymentStatus(int steps) => DeploymentTouches switch
    {
        0 => "NotStarted",
        var touches when touches <= steps => "InProgress",
        _ => "Succeeded",
    };

    public JsonObject ToJson(int deploymentSteps)
    {
        var tls = new JsonObject
        {
            ["certificateType"] = CertificateType,
            ["minimumTlsVersion"] = MinimumTlsVersion,
        };
        if (SecretId is not null)
        {
            tls["secret"] = new JsonObject { ["id"] = SecretId };
        }

        return new JsonObject
        {
            ["id"] = Id,
            ["name"] = Name,
            ["type"] = "Microsoft.Cdn/profiles/customdomains",
            ["properties"] = new JsonObject
            {
                ["hostName"] = HostName,
                ["profileName"] = Profile.Name,
                ["tlsSettings"] = tls,
                ["validationProperties"] = new JsonObject
                {
                    ["validationToken"] = Token,
                    // Empty until the domain is created, as in the spec's AFDCustomDomains_Create example.
                    ["expirationDate"] = Token.Length == 0 ? string.Empty : Format(TokenExpiry),
                },
                ["domainValidationState"] = ValidationState,
                ["deploymentStatus"] = DeploymentStatus(deploymentSteps),
                ["provisioningState"] = ProvisioningState,
            },
        };
    }

    public JsonObject SecretJson() => new()
    {
        ["id"] = SecretId,
        ["name"] = SecretName,
        ["type"] = "Microsoft.Cdn/profiles/secrets",
        ["properties"] = new JsonObject
        {
            ["profileName"] = Profile.Name,
            ["parameters"] = new JsonObject
            {
                ["type"] = "ManagedCertificate",
                ["subject"] = HostName,
                ["expirationDate"] = Format(CertificateExpiry!.Value),
            },
            ["provisioningState"] = "Succeeded",
            ["deploymentStatus"] = "NotStarted",
        },
    };

    public FakeFrontDoorDomainSnapshot Snapshot(int deploymentSteps) =>
        new(Name, HostName, ProvisioningState, ValidationState, Token, TokenExpiry, DeploymentStatus(deploymentSteps), SecretName, CertificateExpiry);

    /// <summary>As the spec's examples write dates: <c>2009-06-15T13:45:43.0000000Z</c>.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
