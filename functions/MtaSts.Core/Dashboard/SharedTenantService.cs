using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Alerts;
using MtaSts.Core.Checks;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Dashboard;

/// <summary>
/// <c>GET /api/shared/{domain}</c>: one tenant's read-only page data for the holder of a valid share link
/// (<see cref="ShareLinks"/>): the tenant, its status checks, the last <c>Dashboard:ReportDays</c> of reports, its
/// readiness and its alerts, read in parallel. What can carry our own error texts (a rotation's or a custom domain's
/// last error, our resolver's failures; they can name Azure resources) is told in fixed words instead: the
/// <c>rotation</c> and <c>certificate</c> checks, the <c>certificate</c>, <c>dns-id</c> and <c>mx-coverage</c>
/// criteria when a lookup or our side failed, and the <c>rotation-failing</c> and <c>certificate</c> alerts; every other
/// text has the errors as read replaced too. The readiness answer's automation settings are blanked. The page data of
/// one onboarding of a domain is kept
/// <see cref="CacheSeconds"/> seconds, so a link opened by many, or reloaded in a loop, does not run the live checks
/// each time (the link itself is checked on every read).
/// </summary>
public sealed class SharedTenantService(
    ShareLinks links,
    TenantAdmin admin,
    TenantStatusService status,
    ReportSummaryService reports,
    ReadinessService readiness,
    AlertQueries alerts,
    IOptions<DashboardOptions> options,
    TimeProvider time)
{
    public const int CacheSeconds = 60;

    /// <summary>Put in place of our own error texts.</summary>
    public const string Withheld = "(details withheld: the operator has them)";

    private const int MaxCached = 1000;

    private readonly ConcurrentDictionary<(string Domain, DateTimeOffset CreatedAt), (DateTimeOffset At, SharedTenantView View)> cache = new();

    /// <summary>The tenant's page data, or null when the link does not open it (the caller answers 403 and says no more).</summary>
    public async Task<SharedTenantView?> GetAsync(string? domain, string? token, CancellationToken cancellationToken)
    {
        if (await links.CheckAsync(domain, token, cancellationToken).ConfigureAwait(false) is not { } shared)
        {
            return null;
        }

        var name = shared.Tenant.Domain;
        var key = (name, shared.Tenant.CreatedAt);
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var kept) && now - kept.At < TimeSpan.FromSeconds(CacheSeconds) && now >= kept.At)
        {
            return kept.View with { ExpiresAt = shared.ExpiresAt };
        }

        var view = await ReadAsync(name, shared.ExpiresAt, cancellationToken).ConfigureAwait(false);
        if (view is not null)
        {
            if (cache.Count >= MaxCached)
            {
                cache.Clear();
            }

            cache[key] = (now, view);
        }

        return view;
    }

    private async Task<SharedTenantView?> ReadAsync(string name, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - options.Value.ReportDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tenantTask = admin.GetAsync(name, cancellationToken);
        var checksTask = status.GetAsync(name, cancellationToken);
        var summaryTask = reports.GetAsync(name, from, to, cancellationToken);
        var verdictTask = readiness.GetAsync(name, cancellationToken);
        var alertsTask = alerts.ForTenantAsync(name, cancellationToken);
        await Task.WhenAll(tenantTask, checksTask, summaryTask, verdictTask, alertsTask).ConfigureAwait(false);
        if ((await tenantTask.ConfigureAwait(false)).Tenant is not { } tenant)
        {
            return null;
        }

        var failedState = tenant.CustomDomain?.State is { } words && words.StartsWith("failed: ", StringComparison.Ordinal) ? words["failed: ".Length..] : null;
        var secrets = new[] { tenant.LastError, tenant.CustomDomain?.LastError, failedState }
            .Where(s => !string.IsNullOrWhiteSpace(s) && s!.Length >= 8)
            .Select(s => s!).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
        string Scrub(string text) => secrets.Aggregate(text, (t, secret) => t.Replace(secret, Withheld, StringComparison.Ordinal));
        string? ScrubNull(string? text) => text is null ? null : Scrub(text);

        var checks = (await checksTask.ConfigureAwait(false)).Status;
        var verdict = (await verdictTask.ConfigureAwait(false)).View;
        var domainState = tenant.CustomDomain is { } custom ? (custom.State.StartsWith("failed", StringComparison.Ordinal) ? "failed" : custom.State) : null;
        CheckResult Told(CheckResult check) => (check.Check, check.Status) switch
        {
            (_, CheckStatus.Pass) => check with { Detail = Scrub(check.Detail), Fix = ScrubNull(check.Fix) },
            ("rotation", _) => check with { Detail = "the DNS id for the served policy is not published yet; the service retries and its operator is told when it keeps failing", Fix = null },
            ("certificate", _) => check with { Detail = $"the mta-sts custom domain is {domainState ?? "not live"}", Fix = ScrubNull(check.Fix) },
            _ => check with { Detail = Scrub(check.Detail), Fix = ScrubNull(check.Fix) },
        };
        ReadinessCriterion Judged(ReadinessCriterion criterion) => (criterion.Name, criterion.Status) switch
        {
            (_, ReadinessVerdict.Met) => criterion with { Evidence = Scrub(criterion.Evidence), Action = ScrubNull(criterion.Action) },
            ("certificate", _) => criterion with { Evidence = $"the mta-sts custom domain is {domainState ?? "not known here"}", Action = ScrubNull(criterion.Action) },
            ("dns-id" or "mx-coverage", ReadinessVerdict.NotYet) => criterion with { Evidence = criterion.Name == "dns-id" ? "the DNS id is not published yet, or could not be looked up just now" : "the live MX set could not be looked up just now", Action = "nothing to do: the next daily evaluation looks again" },
            _ => criterion with { Evidence = Scrub(criterion.Evidence), Action = ScrubNull(criterion.Action) },
        };
        AlertView Said(AlertView alert) => alert.Condition switch
        {
            AlertConditions.RotationFailing => alert with { Text = $"{tenant.Domain}: the DNS id rotation is failing on our side; the operator has been told" },
            AlertConditions.Certificate => alert with { Text = $"{tenant.Domain}: the mta-sts custom domain or its certificate needs attention ({domainState ?? "see the certificate check"})" },
            _ => alert with { Text = Scrub(alert.Text) },
        };
        var policy = new SharedPolicyView(
            tenant.Domain,
            tenant.Mode,
            tenant.Mx,
            tenant.MaxAge,
            tenant.Policy,
            tenant.State,
            tenant.PublishedId,
            tenant.RotationDueAt,
            tenant.Records,
            tenant.CustomDomain is { } domain
                ? new SharedCustomDomainView(domain.State.StartsWith("failed", StringComparison.Ordinal) ? "failed" : domain.State, domain.HostName, domain.CertificateExpiresAt, domain.CustomerActions)
                : null);
        return new SharedTenantView(
            tenant.Domain,
            expiresAt,
            policy,
            checks is null ? null : checks with { Checks = [.. checks.Checks.Select(Told)] },
            (await summaryTask.ConfigureAwait(false)).Summary,
            verdict is null ? null : verdict with { Criteria = [.. verdict.Criteria.Select(Judged)], AutoPromote = false, ReadyStreak = 0, PromoteAfterDays = 0 },
            [.. ((await alertsTask.ConfigureAwait(false)).View?.Alerts ?? []).Select(Said)]);
    }
}
