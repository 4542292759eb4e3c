namespace MtaSts.Core.Reports;

/// <summary>
/// What one stored report adds to its tenant's day: sessions successful and failed (summed over the report's policies
/// for that tenant) and failed sessions by result type and receiving MX, at most <see cref="MaxFailureEntries"/>
/// entries and <see cref="StoredJson.MaxPropertyChars"/> serialized (the smallest folded into <see cref="FailureCount.Other"/>).
/// </summary>
public sealed record ReportContribution(long Successful, long Failed, IReadOnlyList<FailureCount> Failures)
{
    /// <summary>
    /// Sessions (successful and failed) of the report's policies of type <c>sts</c> (RFC 8460 §4.3): the sessions of a
    /// sender that fetched our MTA-STS policy, the only ones that show the policy works. <c>no-policy-found</c> and
    /// <c>tlsa</c> sessions are kept out of it. Zero in rows stored before it was counted.
    /// </summary>
    public long Sts { get; init; }

    /// <summary>Breakdown entries kept per report and per provenance class of a day.</summary>
    public const int MaxFailureEntries = 50;

    /// <summary>The <c>policy-type</c> of an MTA-STS policy (RFC 8460 §4.3).</summary>
    public const string StsPolicyType = "sts";

    public static ReportContribution Of(IEnumerable<TlsReportPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var list = policies.ToList();
        var failures = new Dictionary<(string, string), long>();
        foreach (var detail in list.SelectMany(p => p.FailureDetails))
        {
            var key = (StoredText.Clean(detail.ResultType, StoredText.MaxResultType), StoredText.Clean(detail.ReceivingMxHostname ?? FailureCount.NotReported, StoredText.MaxHostName));
            failures[key] = SaturatingCount.Add(failures.GetValueOrDefault(key), detail.FailedSessionCount);
        }

        return new ReportContribution(
            SaturatingCount.Sum(list.Select(p => p.SuccessfulSessions)),
            SaturatingCount.Sum(list.Select(p => p.FailedSessions)),
            Fold(failures))
        {
            Sts = SaturatingCount.Sum(list.Where(p => p.PolicyType == StsPolicyType).Select(p => SaturatingCount.Add(p.SuccessfulSessions, p.FailedSessions))),
        };
    }

    /// <summary>
    /// Keeps the largest entries (ties by name) that fit both bounds and folds the rest into one
    /// <see cref="FailureCount.Other"/> entry.
    /// </summary>
    public static IReadOnlyList<FailureCount> Fold(IReadOnlyDictionary<(string Type, string Mx), long> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var ordered = failures.Where(f => f.Value > 0)
            .OrderByDescending(f => f.Value).ThenBy(f => f.Key.Type, StringComparer.Ordinal).ThenBy(f => f.Key.Mx, StringComparer.Ordinal)
            .Select(f => new FailureCount(f.Key.Type, f.Key.Mx, f.Value)).ToList();
        var fitting = StoredJson.CountThatFits(ordered.Select(StoredJson.Length));
        if (ordered.Count <= MaxFailureEntries && fitting == ordered.Count)
        {
            return ordered;
        }

        var named = ordered.Where(f => f.ResultType != FailureCount.Other || f.ReceivingMx != FailureCount.Other).ToList();
        var kept = named.Take(Math.Min(MaxFailureEntries - 1, StoredJson.CountThatFits(named.Select(StoredJson.Length)))).ToList();
        var folded = SaturatingCount.Sum(ordered.Except(kept).Select(f => f.Count));
        return [.. kept, new FailureCount(FailureCount.Other, FailureCount.Other, folded)];
    }
}
