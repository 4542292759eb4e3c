namespace MtaSts.Core.Reports;

/// <summary>
/// One provenance class of a tenant's day (or the reports kept apart as conflicts): how many reports, their sessions,
/// failed sessions by result type and receiving MX, and per reporting organization. Breakdowns are bounded (at most
/// <see cref="ReportContribution.MaxFailureEntries"/> failure and <see cref="MaxOrganizations"/> organization entries,
/// each list at most <see cref="StoredJson.MaxPropertyChars"/> serialized, the smallest folded into
/// <see cref="FailureCount.Other"/>), so a day's row stays within Table limits whatever the reports say; totals stay exact.
/// </summary>
public sealed class ProvenanceSummary
{
    public const int MaxOrganizations = 50;

    private readonly Dictionary<(string Type, string Mx), long> failures = [];
    private readonly Dictionary<string, OrganizationCounts> organizations = new(StringComparer.Ordinal);

    public int Reports { get; private set; }

    public long Successful { get; private set; }

    public long Failed { get; private set; }

    /// <summary>Sessions under an <c>sts</c> policy (<see cref="ReportContribution.Sts"/>); zero in rows stored before it was counted.</summary>
    public long Sts { get; private set; }

    public IReadOnlyList<FailureCount> Failures => ReportContribution.Fold(failures);

    public IReadOnlyDictionary<string, OrganizationCounts> Organizations => organizations;

    public bool IsEmpty => Reports == 0 && Successful == 0 && Failed == 0 && Sts == 0;

    public static ProvenanceSummary From(int reports, long successful, long failed, IEnumerable<FailureCount> failures, IEnumerable<KeyValuePair<string, OrganizationCounts>> organizations, long sts)
    {
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(organizations);
        var summary = new ProvenanceSummary { Reports = SaturatingCount.AddReports(reports, 0), Successful = Math.Max(0, successful), Failed = Math.Max(0, failed), Sts = Math.Max(0, sts) };
        foreach (var failure in failures)
        {
            var key = (failure.ResultType, failure.ReceivingMx);
            summary.failures[key] = SaturatingCount.Add(summary.failures.GetValueOrDefault(key), failure.Count);
        }

        foreach (var (name, counts) in organizations)
        {
            summary.organizations[name] = summary.organizations.GetValueOrDefault(name, OrganizationCounts.Zero).Plus(counts, +1);
        }

        summary.Fold();
        return summary;
    }

    /// <summary>Adds (<paramref name="sign"/> +1) or takes away (-1) one report of <paramref name="organization"/>.</summary>
    public void Apply(string organization, ReportContribution contribution, int sign)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(contribution);
        Reports = sign >= 0 ? SaturatingCount.AddReports(Reports, 1) : SaturatingCount.SubtractReports(Reports, 1);
        Successful = sign >= 0 ? SaturatingCount.Add(Successful, contribution.Successful) : SaturatingCount.Subtract(Successful, contribution.Successful);
        Failed = sign >= 0 ? SaturatingCount.Add(Failed, contribution.Failed) : SaturatingCount.Subtract(Failed, contribution.Failed);
        Sts = sign >= 0 ? SaturatingCount.Add(Sts, contribution.Sts) : SaturatingCount.Subtract(Sts, contribution.Sts);
        foreach (var failure in contribution.Failures)
        {
            var key = (failure.ResultType, failure.ReceivingMx);
            if (sign < 0 && !failures.ContainsKey(key))
            {
                key = (FailureCount.Other, FailureCount.Other); // it was folded away
            }

            var count = sign >= 0 ? SaturatingCount.Add(failures.GetValueOrDefault(key), failure.Count) : SaturatingCount.Subtract(failures.GetValueOrDefault(key), failure.Count);
            Set(failures, key, count);
        }

        var name = sign < 0 && !organizations.ContainsKey(organization) ? FailureCount.Other : organization;
        var counts = organizations.GetValueOrDefault(name, OrganizationCounts.Zero).Plus(new OrganizationCounts(1, contribution.Successful, contribution.Failed, contribution.Sts), sign);
        if (counts.Reports == 0 && counts.Successful == 0 && counts.Failed == 0 && counts.Sts == 0)
        {
            organizations.Remove(name);
        }
        else
        {
            organizations[name] = counts;
        }

        Fold();
    }

    private void Fold()
    {
        var kept = ReportContribution.Fold(failures);
        if (kept.Count != failures.Count || kept.Any(k => failures.GetValueOrDefault((k.ResultType, k.ReceivingMx)) != k.Count))
        {
            failures.Clear();
            foreach (var failure in kept)
            {
                failures[(failure.ResultType, failure.ReceivingMx)] = failure.Count;
            }
        }

        var ordered = organizations.Where(o => o.Key != FailureCount.Other)
            .OrderByDescending(o => SaturatingCount.Add(o.Value.Successful, o.Value.Failed)).ThenByDescending(o => o.Value.Reports).ThenBy(o => o.Key, StringComparer.Ordinal).ToList();
        var fitting = StoredJson.CountThatFits(ordered.Select(o => StoredJson.Length(o.Key, o.Value)));
        if (organizations.Count > MaxOrganizations || fitting < ordered.Count)
        {
            var other = organizations.GetValueOrDefault(FailureCount.Other, OrganizationCounts.Zero);
            foreach (var (name, counts) in ordered.Skip(Math.Min(MaxOrganizations - 1, fitting)))
            {
                other = other.Plus(counts, +1);
                organizations.Remove(name);
            }

            organizations[FailureCount.Other] = other;
        }
    }

    private static void Set(Dictionary<(string, string), long> map, (string, string) key, long count)
    {
        if (count > 0)
        {
            map[key] = count;
        }
        else
        {
            map.Remove(key);
        }
    }
}
