using System.Globalization;
using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Reports;

/// <summary>
/// Answers <c>GET /api/tenants/{domain}/reports?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c> from the day summaries: the last
/// 30 days by default, at most 366 days at once. The headline numbers count the evidence (<c>Reports:Evidence</c>)
/// only; every provenance class and the conflicts are shown beside them. Sums saturate, never overflow.
/// </summary>
public sealed class ReportSummaryService(ITenantStore tenants, ITlsReportStore reports, TimeProvider time, IOptions<ReportOptions> options)
{
    public const int MaxDays = 366;

    /// <summary>Conflicting reports named in one answer.</summary>
    public const int MaxConflicts = 100;

    public async Task<(ReportSummaryView? Summary, AdminOutcome Outcome, IReadOnlyList<string> Errors)> GetAsync(string domainInput, string? fromText, string? toText, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (!TenantAdmin.TryReadDomain(domainInput, out var domain, out var domainError))
        {
            errors.Add(domainError);
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var to = ReadDate(toText, "to", today, errors);
        var from = ReadDate(fromText, "from", to.AddDays(-29), errors);
        if (errors.Count == 0 && from > to)
        {
            errors.Add("from is after to");
        }

        if (errors.Count == 0 && to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            errors.Add($"the range is longer than {MaxDays} days");
        }

        if (errors.Count > 0)
        {
            return (null, AdminOutcome.Invalid, errors);
        }

        if (await tenants.GetAsync(domain, cancellationToken).ConfigureAwait(false) is null)
        {
            return (null, AdminOutcome.NotFound, [$"no tenant '{domain}'"]);
        }

        var days = await reports.GetDaysAsync(domain, from, to, cancellationToken).ConfigureAwait(false);
        return (Summarize(domain, from, to, days, options.Value.EvidenceClasses), AdminOutcome.Found, []);
    }

    /// <summary>The view of <paramref name="days"/> with <paramref name="evidence"/> as the classes that count.</summary>
    public static ReportSummaryView Summarize(string domain, DateOnly from, DateOnly to, IReadOnlyList<DaySummary> days, IReadOnlySet<string> evidence)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(evidence);
        var ordered = days.OrderBy(d => d.Day).ToList();
        var counted = ordered.SelectMany(d => d.Classes.Where(c => evidence.Contains(c.Key)).Select(c => c.Value)).ToList();
        var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var byMx = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var byOrganization = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var sessionsByOrganization = new SortedDictionary<string, ProvenanceTotals>(StringComparer.Ordinal);
        foreach (var summary in counted)
        {
            foreach (var failure in summary.Failures)
            {
                byType[failure.ResultType] = SaturatingCount.Add(byType.GetValueOrDefault(failure.ResultType), failure.Count);
                byMx[failure.ReceivingMx] = SaturatingCount.Add(byMx.GetValueOrDefault(failure.ReceivingMx), failure.Count);
            }

            foreach (var (name, counts) in summary.Organizations)
            {
                if (counts.Failed > 0)
                {
                    byOrganization[name] = SaturatingCount.Add(byOrganization.GetValueOrDefault(name), counts.Failed);
                }

                sessionsByOrganization[name] = Plus(sessionsByOrganization.GetValueOrDefault(name), new ProvenanceTotals(counts.Reports, counts.Successful, counts.Failed) { Sts = counts.Sts });
            }
        }

        var byProvenance = new SortedDictionary<string, ProvenanceTotals>(StringComparer.Ordinal);
        foreach (var (name, summary) in ordered.SelectMany(d => d.Classes))
        {
            byProvenance[name] = Plus(byProvenance.GetValueOrDefault(name), Totals(summary));
        }

        var dayViews = ordered.Select(d =>
        {
            var evidenceTotals = d.Classes.Where(c => evidence.Contains(c.Key)).Select(c => Totals(c.Value)).Aggregate(new ProvenanceTotals(0, 0, 0), Plus);
            return new DayView(d.Day, evidenceTotals.Reports, evidenceTotals.Successful, evidenceTotals.Failed, d.Classes.ToDictionary(c => c.Key, c => Totals(c.Value), StringComparer.Ordinal));
        }).ToArray();
        var all = dayViews.Select(d => new ProvenanceTotals(d.Reports, d.Successful, d.Failed)).Aggregate(new ProvenanceTotals(0, 0, 0), Plus);
        return new ReportSummaryView(
            domain,
            from,
            to,
            [.. evidence.Order(StringComparer.Ordinal)],
            all.Reports,
            new SessionTotals(all.Successful, all.Failed),
            dayViews,
            byType,
            byMx,
            byOrganization,
            sessionsByOrganization,
            byProvenance,
            ordered.SelectMany(d => d.ConflictItems.Select(c => new ConflictView(d.Day, c.OrganizationName, c.ReportId, c.Provenance))).Take(MaxConflicts).ToArray());
    }

    private static ProvenanceTotals Totals(ProvenanceSummary summary) => new(summary.Reports, summary.Successful, summary.Failed) { Sts = summary.Sts };

    private static ProvenanceTotals Plus(ProvenanceTotals? a, ProvenanceTotals b) => a is null
        ? b
        : new(a.Reports > int.MaxValue - b.Reports ? int.MaxValue : a.Reports + b.Reports, SaturatingCount.Add(a.Successful, b.Successful), SaturatingCount.Add(a.Failed, b.Failed)) { Sts = SaturatingCount.Add(a.Sts, b.Sts) };

    private static DateOnly ReadDate(string? text, string name, DateOnly fallback, List<string> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add($"{name} must be a date as YYYY-MM-DD");
        return fallback;
    }
}
