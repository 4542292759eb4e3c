namespace MtaSts.Core.Reports;

/// <summary>
/// A tenant's reports on one UTC day (the day a report's date range starts), kept up to date as each report is stored:
/// a <see cref="ProvenanceSummary"/> per provenance class of the reports that count, one for the reports kept apart
/// as conflicts (<see cref="Provenance.Conflict"/>) with a few of them named, and how many reports the day received
/// in all (for the per-tenant daily cap).
/// </summary>
public sealed class DaySummary(string domain, DateOnly day)
{
    /// <summary>Conflicting reports named per day; the counts cover them all.</summary>
    public const int MaxConflictItems = 20;

    private readonly Dictionary<string, ProvenanceSummary> classes = new(StringComparer.Ordinal);
    private readonly List<ConflictItem> conflictItems = [];

    public string Domain { get; } = domain;

    public DateOnly Day { get; } = day;

    /// <summary>Every report stored for the day, counted or not.</summary>
    public int Received { get; set; }

    public IReadOnlyDictionary<string, ProvenanceSummary> Classes => classes;

    public IReadOnlyList<ConflictItem> ConflictItems => conflictItems;

    public ProvenanceSummary Class(string provenance) =>
        classes.TryGetValue(provenance, out var summary) ? summary : classes[provenance] = new ProvenanceSummary();

    public void SetClass(string provenance, ProvenanceSummary summary) => classes[provenance] = summary;

    public void AddConflictItem(ConflictItem item)
    {
        if (conflictItems.Count < MaxConflictItems && !conflictItems.Contains(item))
        {
            conflictItems.Add(item);
        }
    }

    /// <summary>A deep copy, for planning a change that may not be written.</summary>
    public DaySummary Copy()
    {
        var copy = new DaySummary(Domain, Day) { Received = Received };
        foreach (var (name, summary) in classes)
        {
            copy.classes[name] = ProvenanceSummary.From(summary.Reports, summary.Successful, summary.Failed, summary.Failures, summary.Organizations);
        }

        copy.conflictItems.AddRange(conflictItems);
        return copy;
    }
}
