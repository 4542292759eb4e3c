using System.Globalization;
using Microsoft.Extensions.Options;
using MtaSts.Core.FrontDoor;
using MtaSts.Core.Policies;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Alerts;

/// <summary>
/// Evaluates the alert conditions of a tenant (README: "Alerts") and opens or resolves each through
/// <see cref="AlertService"/>: from its row (<c>rotation-failing</c>, <c>certificate</c>) after each rotation and
/// onboarding run and daily, and from its reports (<c>failure-rate</c>, <c>enforce-failures</c>,
/// <c>silent-reporter</c>) after each ingest and daily. Reports are dated by the day they start, and a day's reports
/// arrive the next day, so the latest complete day is yesterday; only reports that count as evidence are read.
/// </summary>
public sealed class TenantConditions(
    AlertService alerts,
    IAlertStore store,
    ITlsReportStore reports,
    IOptions<AlertOptions> options,
    IOptions<ReadinessOptions> readiness,
    IOptions<ReportOptions> reportOptions,
    TimeProvider time,
    FrontDoorOnboarding? onboarding = null,
    Mx.IWatchStore? watch = null)
{
    /// <summary>Days of reports read: the 14-day baseline and the day judged.</summary>
    public const int BaselineDays = 14;

    private readonly AlertOptions settings = options.Value;

    /// <summary>
    /// The row conditions of every active tenant (after each rotation and onboarding run): one list of the tenants
    /// table and one of the open alerts; an alert is read only where its condition holds or it is open. One tenant's
    /// fault never stops the others.
    /// </summary>
    public async Task<int> StateOfAllAsync(ITenantStore tenants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        var open = new HashSet<(string, string)>();
        string? next = null;
        do
        {
            var (page, following) = await store.ListOpenAsync(1000, next, cancellationToken).ConfigureAwait(false);
            open.UnionWith(page.Select(a => (a.Tenant, a.Condition)));
            next = following;
        }
        while (next is not null);

        var failed = 0;
        string? continuation = null;
        do
        {
            var page = await tenants.ListAsync(1000, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var tenant in page.Tenants.Where(t => t.State == TenantState.Active))
            {
                try
                {
                    await StateAsync(tenant, open, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is Azure.RequestFailedException or AlertConflictException)
                {
                    failed++;
                }
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
        return failed;
    }

    /// <summary>The conditions read from the tenant's row.</summary>
    public Task StateAsync(Tenant tenant, CancellationToken cancellationToken) => StateAsync(tenant, null, cancellationToken);

    /// <summary>The row conditions; with <paramref name="open"/> (the open alerts), a condition that is neither true nor open is not even read.</summary>
    private async Task StateAsync(Tenant tenant, IReadOnlySet<(string, string)>? open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        bool MayBeOpen(string condition) => open is null || open.Contains((tenant.Domain, condition));
        if (tenant.FailedAttempts >= settings.RotationFailures)
        {
            await alerts.RaiseAsync(tenant, tenant.Domain, AlertConditions.RotationFailing, string.Create(CultureInfo.InvariantCulture, $"{tenant.Domain}: the DNS id rotation failed {tenant.FailedAttempts} times in a row (next try {tenant.NextAttemptAt:u}): {tenant.LastError}"), cancellationToken).ConfigureAwait(false);
        }
        else if (MayBeOpen(AlertConditions.RotationFailing))
        {
            await alerts.ResolveAsync(tenant, tenant.Domain, AlertConditions.RotationFailing, $"{tenant.Domain}: the DNS id rotation works again", cancellationToken).ConfigureAwait(false);
        }

        var problem = CertificateProblem(tenant);
        if (problem is not null)
        {
            await alerts.RaiseAsync(tenant, tenant.Domain, AlertConditions.Certificate, problem, cancellationToken).ConfigureAwait(false);
        }
        else if (MayBeOpen(AlertConditions.Certificate))
        {
            await alerts.ResolveAsync(tenant, tenant.Domain, AlertConditions.Certificate, $"{tenant.Domain}: the mta-sts certificate is live again", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The conditions read from the tenant's reports of the last <see cref="BaselineDays"/> days and today.</summary>
    public async Task ReportsAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var days = await reports.GetDaysAsync(tenant.Domain, today.AddDays(-BaselineDays), today, cancellationToken).ConfigureAwait(false);
        var evidence = reportOptions.Value.EvidenceClasses;
        var classes = days.ToDictionary(d => d.Day, d => d.Classes.Where(c => evidence.Contains(c.Key) || c.Key == Provenance.Conflict).Select(c => (c.Key, c.Value)).ToArray());
        var byDay = classes.ToDictionary(d => d.Key, d => d.Value.Where(c => c.Key != Provenance.Conflict).Select(c => c.Value).ToArray());

        await ToggleAsync(tenant, AlertConditions.FailureRate, FailureRate(tenant, today, byDay), $"{tenant.Domain}: failures are back to their usual level", cancellationToken).ConfigureAwait(false);
        var live = watch is null ? null : await watch.GetMxAsync(tenant.Domain, cancellationToken).ConfigureAwait(false);
        await ToggleAsync(tenant, AlertConditions.EnforceFailures, EnforceFailures(tenant, today, classes, live?.Hosts ?? []), $"{tenant.Domain}: no more failures that enforce turns into non-delivery", cancellationToken).ConfigureAwait(false);
        await ToggleAsync(tenant, AlertConditions.SilentReporter, SilentReporters(tenant, today, byDay), $"{tenant.Domain}: every regular reporting organization reports again", cancellationToken).ConfigureAwait(false);
    }

    private Task ToggleAsync(Tenant tenant, string condition, string? text, string resolved, CancellationToken cancellationToken) =>
        text is not null
            ? alerts.RaiseAsync(tenant, tenant.Domain, condition, text, cancellationToken)
            : alerts.ResolveAsync(tenant, tenant.Domain, condition, resolved, cancellationToken);

    /// <summary>
    /// Yesterday or today (the days whose reports are arriving) with a failed share above <c>Alerts:FailureRate</c>
    /// (given <c>Alerts:MinSessions</c>), or at least <c>Alerts:BaselineMinFailed</c> failed sessions and above
    /// <c>Alerts:BaselineFactor</c> × the daily average of the days with reports among the 13 before yesterday (at least
    /// <c>Alerts:BaselineDays</c> of them).
    /// </summary>
    private string? FailureRate(Tenant tenant, DateOnly today, IReadOnlyDictionary<DateOnly, ProvenanceSummary[]> byDay)
    {
        // The baseline: failed sessions per day over the days with reports among the 13 before yesterday.
        var reported = Enumerable.Range(2, BaselineDays - 1).Select(i => byDay.GetValueOrDefault(today.AddDays(-i))).Where(s => s is { Length: > 0 } && Sessions(s) > 0).ToArray();
        var baseline = reported.Length == 0 ? 0 : reported.Select(Failed).Aggregate(0L, SaturatingCount.Add) / (double)reported.Length;
        foreach (var day in new[] { today.AddDays(-1), today })
        {
            var summaries = byDay.GetValueOrDefault(day);
            var failed = Failed(summaries);
            var sessions = Sessions(summaries);
            var rate = sessions == 0 ? 0 : failed / (double)sessions;
            var overRate = sessions >= settings.MinSessions && rate > settings.FailureRate;
            var overBaseline = reported.Length >= settings.BaselineDays && failed >= settings.BaselineMinFailed && failed > settings.BaselineFactor * baseline;
            if (overRate || overBaseline)
            {
                var types = string.Join(", ", (summaries ?? []).SelectMany(s => s.Failures).GroupBy(f => f.ResultType).OrderByDescending(g => g.Sum(f => (double)f.Count)).Take(5).Select(g => $"{g.Key} {g.Aggregate(0L, (s, f) => SaturatingCount.Add(s, f.Count))}"));
                return string.Create(CultureInfo.InvariantCulture, $"{tenant.Domain}: {failed} of {sessions} sessions failed on {day:yyyy-MM-dd} ({rate:P1}; the 14-day daily average is {baseline:0.#} failed): {types}");
            }
        }

        return null;
    }

    /// <summary>
    /// A tenant in <c>enforce</c> with failures yesterday or today, on its own MX (one its policy matches, a live one the
    /// watcher saw, or none named), in reports that count as evidence or were kept apart as conflicts,
    /// of a type that <c>enforce</c> turns into non-delivery. The text says which provenance reported them (anonymous
    /// ones may be forged) and has the one call that returns the tenant to <c>testing</c>.
    /// </summary>
    private string? EnforceFailures(Tenant tenant, DateOnly today, IReadOnlyDictionary<DateOnly, (string Class, ProvenanceSummary Summary)[]> byDay, IReadOnlyList<string> liveMx)
    {
        if (tenant.Policy.Mode != PolicyMode.Enforce)
        {
            return null;
        }

        var blocking = new[] { today.AddDays(-1), today }.SelectMany(d => byDay.GetValueOrDefault(d) ?? [])
            .SelectMany(c => c.Summary.Failures.Select(f => (c.Class, Failure: f)))
            .Where(x => readiness.Value.Blocks(x.Failure.ResultType) && IsOwnMx(x.Failure.ReceivingMx, tenant, liveMx)).ToArray();
        if (blocking.Length == 0)
        {
            return null;
        }

        var described = string.Join(", ", blocking.GroupBy(x => (x.Failure.ResultType, x.Failure.ReceivingMx)).Take(5).Select(g => $"{g.Key.ResultType} at {g.Key.ReceivingMx} ({g.Aggregate(0L, (s, x) => SaturatingCount.Add(s, x.Failure.Count))})"));
        var sources = string.Join(", ", blocking.Select(x => x.Class).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return $"{tenant.Domain} is in enforce and senders report failures that make them hold or bounce mail: {described} (reported as {sources}). To return to testing at once: mtasts tenant put {tenant.Domain} --mode testing {string.Join(" ", tenant.Policy.Mx.Select(m => "--mx " + m))} --max-age {tenant.Policy.MaxAgeSeconds}{(tenant.Automation.AutoPromote ? " --auto-promote false" : string.Empty)}";
    }

    private static bool IsOwnMx(string receivingMx, Tenant tenant, IReadOnlyList<string> liveMx) =>
        receivingMx is FailureCount.NotReported or FailureCount.Other || liveMx.Contains(receivingMx, StringComparer.OrdinalIgnoreCase) || MxPattern.MatchesAny(receivingMx, tenant.Policy.Mx);

    /// <summary>Organizations that reported on each of the <c>Alerts:SilentReporterActiveDays</c> before the quiet days, and on none of the <c>Alerts:SilentReporterQuietDays</c> up to yesterday.</summary>
    private string? SilentReporters(Tenant tenant, DateOnly today, IReadOnlyDictionary<DateOnly, ProvenanceSummary[]> byDay)
    {
        var quiet = Enumerable.Range(1, settings.SilentReporterQuietDays).Select(i => today.AddDays(-i)).ToArray();
        var active = Enumerable.Range(settings.SilentReporterQuietDays + 1, settings.SilentReporterActiveDays).Select(i => today.AddDays(-i)).ToArray();
        if (active[^1] < today.AddDays(-BaselineDays))
        {
            return null;
        }

        HashSet<string> Reporters(DateOnly day) => (byDay.GetValueOrDefault(day) ?? []).SelectMany(s => s.Organizations.Keys).Where(k => k != FailureCount.Other).ToHashSet(StringComparer.Ordinal);
        var regular = active.Select(Reporters).Aggregate((a, b) => { a.IntersectWith(b); return a; });
        regular.ExceptWith(quiet.SelectMany(Reporters));
        return regular.Count == 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{tenant.Domain}: {string.Join(", ", regular.Order(StringComparer.Ordinal).Take(10))} reported every day for {settings.SilentReporterActiveDays} days and then nothing for {settings.SilentReporterQuietDays}: its reports may be going astray (check the _smtp._tls TXT record and the report intake)");
    }

    private string? CertificateProblem(Tenant tenant)
    {
        if (onboarding?.Describe(tenant) is not { } domain)
        {
            return null;
        }

        if (domain.State.StartsWith("failed", StringComparison.Ordinal))
        {
            return $"{tenant.Domain}: the mta-sts custom domain {domain.HostName} is {domain.State}: {domain.LastError} {string.Join(" ", domain.CustomerActions)}".TrimEnd();
        }

        return domain.State == "live" && domain.CertificateExpiresAt is { } expires && expires - time.GetUtcNow() < TimeSpan.FromDays(settings.CertificateDays)
            ? string.Create(CultureInfo.InvariantCulture, $"{tenant.Domain}: the certificate of {domain.HostName} expires {expires:u}, within {settings.CertificateDays} days; Front Door renews managed certificates while the CNAME points at it")
            : null;
    }

    private static long Failed(ProvenanceSummary[]? summaries) => summaries?.Aggregate(0L, (s, x) => SaturatingCount.Add(s, x.Failed)) ?? 0;

    private static long Sessions(ProvenanceSummary[]? summaries) => summaries?.Aggregate(0L, (s, x) => SaturatingCount.Add(s, SaturatingCount.Add(x.Successful, x.Failed))) ?? 0;
}
