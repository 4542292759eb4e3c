using MtaSts.Core.Dns;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.FrontDoor;

/// <summary>Puts a tenant's custom domain state into words (<see cref="CustomDomainView"/>); null when onboarding is off.</summary>
public sealed class CustomDomainStatus(DnsOptions dns, FrontDoorOptions frontDoor)
{
    private readonly CustomDomainNaming naming = new(dns, frontDoor);

    public CustomDomainView? Describe(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var host = CustomDomainNaming.HostName(tenant.Domain);
        var state = tenant.CustomDomain;
        if (state is null)
        {
            return frontDoor.Enabled
                ? new CustomDomainView("unplaced", host, null, null, null, null, null, null, "no Front Door shard had room yet, or the sync has not run since the feature was turned on", null, [])
                : null;
        }

        var shard = frontDoor.Shard(state.Shard);
        var words = Words(tenant, state);
        return new CustomDomainView(words, host, state.Shard, shard?.EndpointHost, state.ValidationState, state.TokenExpiresAt, state.CertificateExpiresAt, state.CheckedAt, state.LastError, state.NextAttemptAt, Actions(tenant, state, shard, words));
    }

    private string Words(Tenant tenant, CustomDomainState state)
    {
        if (state.FailedAttempts > 0 && state.LastError is { } error)
        {
            return "failed: " + error;
        }

        var revalidating = state.ValidationState is "TimedOut" or "PendingRevalidation";
        return state.Stage switch
        {
            CustomDomainStage.Creating => "creating",
            CustomDomainStage.Validating when state.ValidationState == "Rejected" => "failed: Front Door rejected the domain validation",
            CustomDomainStage.Validating when revalidating => "revalidation-needed",
            CustomDomainStage.Validating => naming.CustomerKeepsToken(tenant.Domain) || naming.ValidationDelegated ? "awaiting-validation-record" : "validating",
            CustomDomainStage.Attaching => "attaching",
            CustomDomainStage.Deploying => "deploying",
            CustomDomainStage.Live when revalidating || state.ValidationState is not (null or "Approved") => "revalidation-needed",
            CustomDomainStage.Live => "live",
            CustomDomainStage.Deleted => "removed",
            _ => "removing",
        };
    }

    private List<string> Actions(Tenant tenant, CustomDomainState state, FrontDoorShard? shard, string words)
    {
        var actions = new List<string>();
        if (state.Stage is CustomDomainStage.Detaching or CustomDomainStage.Deleting or CustomDomainStage.Deleted)
        {
            return actions;
        }

        if (state.Stage != CustomDomainStage.Live && shard is not null)
        {
            actions.Add($"Point CNAME {CustomDomainNaming.HostName(tenant.Domain)} at {shard.EndpointHost} (if not done yet).");
        }

        var waitingForToken = words is "awaiting-validation-record" or "revalidation-needed";
        if (waitingForToken && naming.ValidationDelegated)
        {
            actions.Add($"Create CNAME {CustomDomainNaming.ValidationName(tenant.Domain)} pointing at {naming.WrittenValidationRecord(tenant.Domain)!.Name} (once; this service keeps the token there).");
        }
        else if (waitingForToken && naming.CustomerKeepsToken(tenant.Domain) && state.ValidationToken is { } token)
        {
            actions.Add($"Set TXT {CustomDomainNaming.ValidationName(tenant.Domain)} to \"{token}\" (valid until {state.TokenExpiresAt:u}; a refreshed token replaces it).");
        }

        return actions;
    }
}
