using System.Globalization;
using MtaSts.Core.Admin;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Reports;

/// <summary>
/// Answers <c>GET /api/tenants/{domain}/reports?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c> from the per-day summaries:
/// the last 30 days by default, at most 366 days at once.
/// </summary>
public sealed class ReportSummaryService(ITenantStore tenants, ITlsReportStore reports, TimeProvider time)
{
    public const int MaxDays = 366;

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

        var days = (await reports.GetDaysAsync(domain, from, to, cancellationToken).ConfigureAwait(false)).OrderBy(d => d.Day).ToList();
        var summary = new ReportSummaryView(
            domain,
            from,
            to,
            days.Sum(d => d.Reports),
            new SessionTotals(days.Sum(d => d.Successful), days.Sum(d => d.Failed)),
            days.Select(d => new DayView(d.Day, d.Reports, d.Successful, d.Failed)).ToArray(),
            Merge(days.Select(d => d.FailuresByResultType)),
            Merge(days.Select(d => d.FailuresByReceivingMx)),
            Merge(days.Select(d => d.FailuresByOrganization)));
        return (summary, AdminOutcome.Found, []);
    }

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

    private static SortedDictionary<string, long> Merge(IEnumerable<IReadOnlyDictionary<string, long>> counts)
    {
        var merged = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in counts.SelectMany(c => c))
        {
            merged[key] = merged.GetValueOrDefault(key) + value;
        }

        return merged;
    }
}
