namespace MtaSts.Core.FrontDoor;

/// <summary>What one <c>SyncCustomDomains</c> run did, for logs and tests.</summary>
public sealed record CustomDomainSyncSummary(int Scanned, int Worked, int Placed, int Attached, int Live, int Removed, int Failed, int Unplaced)
{
    public static readonly CustomDomainSyncSummary Off = new(0, 0, 0, 0, 0, 0, 0, 0);
}
