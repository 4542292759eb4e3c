namespace MtaSts.Core.Reports;

/// <summary>
/// A tenant's reports on one UTC day (the day a report's date range starts), kept up to date as each report is stored:
/// a <see cref="ProvenanceSummary"/> per provenance class of the reports that count, one for the reports kept apart
/// as conflicts (<see cref="Provenance.Conflict"/>) with a few of them named, and how many reports the day received,
/// in all and aligned (for the per-tenant daily caps, one for aligned reports and one for all others, so that
/// anonymous reports cannot use up the room of signed ones).
/// </summary>
public sealed class DaySummary(string domain, DateOnly day)
{
    /// <summary>Conflicting reports named per day (and at most <see cref="StoredJson.MaxPropertyChars"/> of them); the counts cover them all.</summary>
    public const int MaxConflictItems = 20;

    private readonly Dictionary<string, ProvenanceSummary> classes = new(StringComparer.Ordinal);
    private readonly List<ConflictItem> conflictItems = [];

    public string Domain { get; } = domain;

    public DateOnly Day { get; } = day;

    /// <summary>Every report stored for the day, counted or not.</summary>
    public int Received { get; set; }

    /// <summary>Of <see cref="Received"/>, the reports stored as <see cref="Provenance.EmailAligned"/>.</summary>
    public int ReceivedAligned { get; set; }

    /// <summary>The reports stored that are not aligned: anyone can send those.</summary>
    public int ReceivedAnonymous => SaturatingCount.SubtractReports(Received, ReceivedAligned);

    public IReadOnlyDictionary<string, ProvenanceSummary> Classes => classes;

    public IReadOnlyList<ConflictItem> ConflictItems => conflictItems;

    public ProvenanceSummary Class(string provenance) =>
        classes.TryGetValue(provenance, out var summary) ? summary : classes[provenance] = new ProvenanceSummary();

    public void SetClass(string provenance, ProvenanceSummary summary) => classes[provenance] = summary;

    public void AddConflictItem(ConflictItem item)
    {
        if (conflictItems.Count < MaxConflictItems && !conflictItems.Contains(item)
            && StoredJson.CountThatFits(conflictItems.Append(item).Select(StoredJson.Length)) == conflictItems.Count + 1)
        {
            conflictItems.Add(item);
        }
    }

    /// <summary>A deep copy, for planning a change that may not be written.</summary>
    public DaySummary Copy()
    {
        var copy = new DaySummary(Domain, Day) { Received = Received, ReceivedAligned = ReceivedAligned };
        foreach (var (name, summary) in classes)
        {
            copy.classes[name] = ProvenanceSummary.From(summary.Reports, summary.Successful, summary.Failed, summary.Failures, summary.Organizations);
        }

        copy.conflictItems.AddRange(conflictItems);
        return copy;
    }
}
