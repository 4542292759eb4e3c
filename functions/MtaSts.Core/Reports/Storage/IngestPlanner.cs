namespace MtaSts.Core.Reports;

/// <summary>
/// Decides how one report is stored among the reports already stored with the same key (organization-name and
/// report-id, RFC 8460 §4.1) on its day, with no storage of its own, so that the rules are tested without it:
/// <list type="bullet">
/// <item>the same content again is a replay (counted once); a copy with stronger provenance upgrades the stored one;</item>
/// <item>different content with the same key is kept in its own row, never dropped or merged, and the group is settled
/// by identity (<see cref="StoredReport.Identity"/>): each aligned signing domain is one sender, accountable for
/// what it signed, and everything else (HTTPS, unaligned or failed DKIM, no DKIM) is anonymous, since anyone can
/// produce it. An aligned report counts unless its own signer sent another version; no other identity can demote
/// it. An anonymous report counts only while no other report of its key disagrees with it; so whoever sends a
/// disagreeing report (anyone can) turns it into a visible conflict, but never into counted numbers;</item>
/// <item>a report takes a slot of its day (<see cref="ReportQuota"/>): an aligned one of the day's aligned room and
/// its signing organization's share of it, any other one of the anonymous room; without a slot it is not stored. A
/// copy upgraded to aligned takes an aligned slot too, or stays as it was.</item>
/// </list>
/// The day's summary is adjusted by each report whose place changes, so it always equals the sum of its reports.
/// </summary>
public static class IngestPlanner
{
    public static IngestPlan Plan(IReadOnlyList<StoredReport> group, DaySummary? day, StoredReport candidate, ReportQuota quota)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(quota);
        var summary = day?.Copy() ?? new DaySummary(candidate.Domain, candidate.Day);
        var same = group.FirstOrDefault(r => r.ContentHash == candidate.ContentHash);
        if (same is not null)
        {
            if (Provenance.Rank(candidate.Provenance) <= Provenance.Rank(same.Provenance))
            {
                return new IngestPlan(StoreOutcome.Duplicate, null, [], null, same);
            }

            var upgraded = same with { Provenance = candidate.Provenance, SigningDomain = candidate.SigningDomain, Dkim = candidate.Dkim };
            if (upgraded.Identity is { } signer && same.Identity is null && !summary.TryTakeAlignedSlot(signer, quota))
            {
                return new IngestPlan(StoreOutcome.Duplicate, null, [], null, same); // no aligned room: it stays as it was
            }

            return Settle(group, group.Select(r => r.RowKey == same.RowKey ? upgraded : r).ToList(), null, summary) with { Outcome = StoreOutcome.Duplicate, Existing = upgraded };
        }

        if (!(candidate.Identity is { } identity ? summary.TryTakeAlignedSlot(identity, quota) : summary.TryTakeAnonymousSlot(quota)))
        {
            return IngestPlan.OverQuota;
        }

        var placed = candidate with { RowKey = StoredReport.RowKeyFor(candidate.Day, candidate.Key, group.Count == 0 ? null : candidate.ContentHash), ETag = null };
        return Settle(group, [.. group, placed], placed, summary);
    }

    /// <summary>
    /// Which reports of one key (all with different content) count: an aligned one when it is its signer's only one,
    /// an anonymous one when it is the only report of the key.
    /// </summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<StoredReport> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var perSigner = members.Where(m => m.Identity is not null).GroupBy(m => m.Identity!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return members.Select(m => (m.Identity is { } signer ? perSigner[signer] : members.Count) == 1 ? StoredReport.Counted : StoredReport.Conflicting).ToArray();
    }

    private static IngestPlan Settle(IReadOnlyList<StoredReport> before, IReadOnlyList<StoredReport> after, StoredReport? inserted, DaySummary summary)
    {
        var statuses = Resolve(after);
        var settled = after.Select((r, i) => r with { Status = statuses[i] }).ToList();
        var updates = new List<StoredReport>();
        foreach (var report in settled)
        {
            var old = before.FirstOrDefault(b => b.RowKey == report.RowKey);
            if (old is null || old.SummaryClass != report.SummaryClass || old.Reporter != report.Reporter)
            {
                if (old is not null)
                {
                    summary.Class(old.SummaryClass).Apply(old.Reporter, old.Contribution, -1);
                }

                summary.Class(report.SummaryClass).Apply(report.Reporter, report.Contribution, +1);
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
            summary.Received = SaturatingCount.AddReports(summary.Received, 1);
        }

        var outcome = insert is null ? StoreOutcome.Duplicate : insert.Status == StoredReport.Counted ? StoreOutcome.Stored : StoreOutcome.Conflict;
        return new IngestPlan(outcome, insert, updates, summary);
    }
}
