namespace MtaSts.Core.Reports;

/// <summary>
/// One reporting organization's reports and sessions in a day's breakdown, and how many of those sessions were under
/// an <c>sts</c> policy (<see cref="ReportContribution.Sts"/>).
/// </summary>
public sealed record OrganizationCounts(int Reports, long Successful, long Failed, long Sts)
{
    public static readonly OrganizationCounts Zero = new(0, 0, 0, 0);

    public OrganizationCounts Plus(OrganizationCounts other, int sign)
    {
        ArgumentNullException.ThrowIfNull(other);
        return sign >= 0
            ? new(SaturatingCount.AddReports(Reports, other.Reports), SaturatingCount.Add(Successful, other.Successful), SaturatingCount.Add(Failed, other.Failed), SaturatingCount.Add(Sts, other.Sts))
            : new(SaturatingCount.SubtractReports(Reports, other.Reports), SaturatingCount.Subtract(Successful, other.Successful), SaturatingCount.Subtract(Failed, other.Failed), SaturatingCount.Subtract(Sts, other.Sts));
    }
}
