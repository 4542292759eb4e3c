namespace MtaSts.Core.Reports;

/// <summary>
/// How many reports one tenant's report day takes: <see cref="PerDay"/> aligned ones and as many others
/// (<c>Reports:MaxReportsPerTenantDay</c>), and of the aligned ones at most <see cref="PerSigner"/> from one signing
/// organization (<c>Reports:MaxReportsPerSignerDay</c>, by <see cref="OrganizationalDomain"/>), so that neither a flood
/// of anonymous reports nor one signer with keys of its own can use up the room of the others.
/// </summary>
public sealed record ReportQuota(int PerDay, int PerSigner)
{
    public static ReportQuota From(ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ReportQuota(options.MaxReportsPerTenantDay, options.MaxReportsPerSignerDay);
    }
}
