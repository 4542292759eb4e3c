namespace MtaSts.Core.Reports;

/// <summary>
/// A tenant's reports on one UTC day (the day a report's date range starts), kept up to date as each report is stored:
/// a <see cref="ProvenanceSummary"/> per provenance class of the reports that count, one for the reports kept apart
/// as conflicts (<see cref="Provenance.Conflict"/>) with a few of them named, and how many reports the day received:
/// in all, anonymous, and aligned in all and per signing organization, for the caps of <see cref="ReportQuota"/>.
/// The room taken is never given back (an anonymous copy later upgraded to aligned keeps its anonymous slot and takes
/// an aligned one), so no sequence of reports can store more rows than the caps allow.
/// </summary>
public sealed class DaySummary(string domain, DateOnly day)
{
    /// <summary>Signing organizations whose aligned reports are counted per day (about 22 characters each in the row); others are refused.</summary>
    public const int MaxSigners = 1000;

    /// <summary>Conflicting reports named per day (and at most <see cref="StoredJson.MaxPropertyChars"/> of them); the counts cover them all.</summary>
    public const int MaxConflictItems = 20;

    private readonly Dictionary<string, ProvenanceSummary> classes = new(StringComparer.Ordinal);
    private readonly List<ConflictItem> conflictItems = [];
    private readonly Dictionary<string, int> signers = new(StringComparer.Ordinal);

    public string Domain { get; } = domain;

    public DateOnly Day { get; } = day;

    /// <summary>Every report stored for the day, counted or not.</summary>
    public int Received { get; set; }

    /// <summary>Aligned slots taken: reports stored as <see cref="Provenance.EmailAligned"/>, and copies upgraded to it.</summary>
    public int ReceivedAligned { get; set; }

    /// <summary>Reports stored that were not aligned: anyone can send those.</summary>
    public int ReceivedAnonymous { get; set; }

    /// <summary>Aligned slots taken per signing organization, keyed by <see cref="SignerKey"/>.</summary>
    public IReadOnlyDictionary<string, int> Signers => signers;

    /// <summary>
    /// The key of a signing domain's organization (<see cref="OrganizationalDomain"/>): 64 bits of its SHA-256, so a
    /// day row holds a thousand of them and no one can choose a domain that shares Google's count.
    /// </summary>
    public static string SignerKey(string signingDomain) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(OrganizationalDomain.Of(signingDomain))))[..16];

    public void SetSigner(string key, int count) => signers[key] = SaturatingCount.AddReports(count, 0);

    /// <summary>Takes an aligned slot for <paramref name="signingDomain"/> if the day and its organization have room.</summary>
    public bool TryTakeAlignedSlot(string signingDomain, ReportQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var key = SignerKey(signingDomain);
        var used = signers.GetValueOrDefault(key);
        if (ReceivedAligned >= quota.PerDay || used >= quota.PerSigner || (used == 0 && signers.Count >= MaxSigners))
        {
            return false;
        }

        signers[key] = used + 1;
        ReceivedAligned = SaturatingCount.AddReports(ReceivedAligned, 1);
        return true;
    }

    /// <summary>Takes an anonymous slot if the day has room.</summary>
    public bool TryTakeAnonymousSlot(ReportQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        if (ReceivedAnonymous >= quota.PerDay)
        {
            return false;
        }

        ReceivedAnonymous = SaturatingCount.AddReports(ReceivedAnonymous, 1);
        return true;
    }

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
        var copy = new DaySummary(Domain, Day) { Received = Received, ReceivedAligned = ReceivedAligned, ReceivedAnonymous = ReceivedAnonymous };
        foreach (var (key, count) in signers)
        {
            copy.signers[key] = count;
        }

        foreach (var (name, summary) in classes)
        {
            copy.classes[name] = ProvenanceSummary.From(summary.Reports, summary.Successful, summary.Failed, summary.Failures, summary.Organizations, summary.Sts);
        }

        copy.conflictItems.AddRange(conflictItems);
        return copy;
    }
}
