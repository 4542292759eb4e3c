namespace MtaSts.Core.Reports;

/// <summary>
/// Decides how one report is stored among the reports already stored with the same key (organization-name and
/// report-id, RFC 8460 §4.1) on its day, with no storage of its own, so that the rules are tested without it:
/// <list type="bullet">
/// <item>the same content again is a replay (counted once); a copy with stronger provenance upgrades the stored one;</item>
/// <item>different content with the same key is kept in its own row, never dropped or merged, and the group is settled:
/// reports aligned with different signing domains are different senders and each counts; otherwise the one report
/// with the strongest provenance counts, and the others (or all, when none is strongest) are flagged <c>conflict</c>;</item>
/// <item>a day that already received <c>Reports:MaxReportsPerTenantDay</c> reports takes no more.</item>
/// </list>
/// The day's summary is adjusted by each report whose place changes, so it always equals the sum of its reports.
/// </summary>
public static class IngestPlanner
{
    public static IngestPlan Plan(IReadOnlyList<StoredReport> group, DaySummary? day, StoredReport candidate, int dailyQuota)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(candidate);
        var summary = day?.Copy() ?? new DaySummary(candidate.Domain, candidate.Day);
        var same = group.FirstOrDefault(r => r.ContentHash == candidate.ContentHash);
        if (same is not null)
        {
            if (Provenance.Rank(candidate.Provenance) <= Provenance.Rank(same.Provenance))
            {
                return new IngestPlan(StoreOutcome.Duplicate, null, [], null, same);
            }

            var upgraded = same with { Provenance = candidate.Provenance, SigningDomain = candidate.SigningDomain, Dkim = candidate.Dkim };
            return Settle(group, group.Select(r => r.RowKey == same.RowKey ? upgraded : r).ToList(), null, summary) with { Outcome = StoreOutcome.Duplicate, Existing = upgraded };
        }

        if (summary.Received >= dailyQuota)
        {
            return IngestPlan.OverQuota;
        }

        var placed = candidate with { RowKey = StoredReport.RowKeyFor(candidate.Day, candidate.Key, group.Count == 0 ? null : candidate.ContentHash), ETag = null };
        return Settle(group, [.. group, placed], placed, summary);
    }

    /// <summary>
    /// Which reports of one key count: aligned reports are grouped by signing domain (one report per domain counts,
    /// several with different content all conflict) and outrank every unauthenticated one; without aligned reports the
    /// single strongest counts, and a tie means nobody does.
    /// </summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<StoredReport> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 1)
        {
            return [StoredReport.Counted];
        }

        var aligned = members.Where(IsAligned).GroupBy(m => m.SigningDomain!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (aligned.Count > 0)
        {
            return members.Select(m => IsAligned(m) && aligned[m.SigningDomain!] == 1 ? StoredReport.Counted : StoredReport.Conflicting).ToArray();
        }

        var strongest = members.Max(m => Provenance.Rank(m.Provenance));
        var top = members.Count(m => Provenance.Rank(m.Provenance) == strongest);
        return members.Select(m => top == 1 && Provenance.Rank(m.Provenance) == strongest ? StoredReport.Counted : StoredReport.Conflicting).ToArray();
    }

    private static bool IsAligned(StoredReport report) => report.Provenance == Provenance.EmailAligned && report.SigningDomain is not null;

    private static IngestPlan Settle(IReadOnlyList<StoredReport> before, IReadOnlyList<StoredReport> after, StoredReport? inserted, DaySummary summary)
    {
        var statuses = Resolve(after);
        var settled = after.Select((r, i) => r with { Status = statuses[i] }).ToList();
        var updates = new List<StoredReport>();
        foreach (var report in settled)
        {
            var old = before.FirstOrDefault(b => b.RowKey == report.RowKey);
            if (old is null || old.SummaryClass != report.SummaryClass)
            {
                if (old is not null)
                {
                    summary.Class(old.SummaryClass).Apply(old.OrganizationName, old.Contribution, -1);
                }

                summary.Class(report.SummaryClass).Apply(report.OrganizationName, report.Contribution, +1);
                if (report.Status == StoredReport.Conflicting)
                {
                    summary.AddConflictItem(new ConflictItem(report.OrganizationName, report.ReportId, report.Provenance));
                }
            }

            if (old is not null && (old.Status != report.Status || old.Provenance != report.Provenance))
            {
                updates.Add(report);
            }
        }

        var insert = inserted is null ? null : settled.Single(r => r.RowKey == inserted.RowKey);
        if (insert is not null)
        {
            summary.Received = Math.Min(int.MaxValue - 1, summary.Received + 1);
        }

        var outcome = insert is null ? StoreOutcome.Duplicate : insert.Status == StoredReport.Counted ? StoreOutcome.Stored : StoreOutcome.Conflict;
        return new IngestPlan(outcome, insert, updates, summary);
    }
}
