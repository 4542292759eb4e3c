namespace MtaSts.Core.FrontDoor;

/// <summary>
/// Where a tenant's <c>mta-sts.&lt;domain&gt;</c> custom domain is in its life on Front Door: created, validated
/// (DNS TXT token), attached to its shard's route, deployed with a managed certificate, live; and on offboarding
/// detached from the route and deleted.
/// </summary>
public enum CustomDomainStage
{
    Creating,
    Validating,
    Attaching,
    Deploying,
    Live,
    Detaching,
    Deleting,
    Deleted,
}
