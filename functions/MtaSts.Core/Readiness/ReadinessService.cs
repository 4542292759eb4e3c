using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Checks;
using MtaSts.Core.FrontDoor;
using MtaSts.Core.Mx;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Readiness;

/// <summary>
/// <c>GET /api/tenants/{domain}/readiness</c> and the daily evaluation: gathers <see cref="ReadinessInputs"/> (the
/// tenant, its report days, a live MX lookup and a live <c>_mta-sts</c> lookup at <c>Mx:DnsServer</c>, its custom
/// domain) and judges them with <see cref="ReadinessRubric"/>.
/// </summary>
public sealed class ReadinessService(
    ITenantStore tenants,
    ITlsReportStore reports,
    IWatchStore watch,
    MxResolver resolver,
    IOptions<MxOptions> mx,
    IOptions<ReadinessOptions> options,
    IOptions<ReportOptions> reportOptions,
    TimeProvider time,
    FrontDoorOnboarding? onboarding = null)
{
    private readonly DnsLookup dns = new(mx.Value.Endpoint, TimeSpan.FromSeconds(mx.Value.TimeoutSeconds));

    public async Task<(ReadinessView? View, AdminOutcome Outcome, IReadOnlyList<string> Errors)> GetAsync(string domainInput, CancellationToken cancellationToken)
    {
        if (!TenantAdmin.TryReadDomain(domainInput, out var domain, out var error))
        {
            return (null, AdminOutcome.Invalid, [error]);
        }

        var tenant = await tenants.GetAsync(domain, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return (null, AdminOutcome.NotFound, [$"no tenant '{domain}'"]);
        }

        return (await EvaluateAsync(tenant, cancellationToken).ConfigureAwait(false), AdminOutcome.Found, []);
    }

    public async Task<ReadinessView> EvaluateAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var days = await reports.GetDaysAsync(tenant.Domain, today.AddDays(-settings.EvidenceDays), today, cancellationToken).ConfigureAwait(false);
        // Always a fresh lookup: a set the watcher saw hours ago is no ground for a verdict (a failed lookup is not-yet).
        var live = await resolver.ResolveAsync(tenant.Domain, cancellationToken).ConfigureAwait(false);

        StsTxtLookupResult? record = null;
        string? dnsError = null;
        try
        {
            var (records, _) = await dns.TxtAsync("_mta-sts." + tenant.Domain, cancellationToken, failOnServerError: true).ConfigureAwait(false);
            record = StsTxtRecordParser.ParseRecordSet(records);
        }
        catch (DnsClient.DnsResponseException e)
        {
            dnsError = e.Message;
        }

        var evidence = reportOptions.Value.EvidenceClasses;
        var inputs = new ReadinessInputs(tenant, now, days, live, record, dnsError, onboarding?.Describe(tenant));
        var (verdict, criteria) = ReadinessRubric.Evaluate(inputs, settings, evidence);
        var state = await watch.GetReadinessAsync(tenant.Domain, cancellationToken).ConfigureAwait(false);
        var aligned = ReadinessRubric.AlignedEvidenceMet(inputs, settings);
        var streak = state is not null && state.PolicyVersion == tenant.PolicyVersion ? state.ReadyStreak : 0;
        return new ReadinessView(tenant.Domain, verdict, tenant.Policy.Mode.ToText(), now, criteria, [.. evidence.Order(StringComparer.Ordinal)], tenant.Automation.AutoPromote, streak, settings.PromoteAfterDays, aligned)
        {
            Inconclusive = !live.Known || dnsError is not null,
        };
    }
}
