using Microsoft.Extensions.Options;
using MtaSts.Core.Admin;
using MtaSts.Core.Dns;
using MtaSts.Core.Policies;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Checks;

/// <summary>
/// <c>GET /api/tenants/{domain}/status</c>: the domain checks of <see cref="DomainChecker"/> run server-side (never
/// against addresses that are not global unicast unless allowed), plus what only we know: whether the served policy
/// is the stored one, whether DNS has the id we published, whether a rotation is pending or stuck, and which records
/// the customer has not created yet. All of it within one deadline, <c>Checks:StatusDeadlineSeconds</c>: then it
/// answers with the checks that finished and reports each of the others as failed, not finished.
/// </summary>
public sealed class TenantStatusService(
    ITenantStore store,
    IOptions<CheckOptions> checks,
    IOptions<ServingOptions> serving,
    IOptions<DnsOptions> dns,
    RotationWindow window,
    TimeProvider time,
    FrontDoor.FrontDoorOnboarding? onboarding = null)
{
    private const string ServedPolicyStep = "served-policy";
    private const string PublishedIdStep = "published-id";
    private const string RotationStep = "rotation";
    private const string PolicyHostRecordStep = "record-mta-sts";
    private const string DelegationRecordStep = "record-mta-sts-delegation";
    private const string CertificateStep = "certificate";

    private readonly TxtRecordNaming naming = new(dns.Value.Zone);

    public async Task<(TenantStatusView? Status, AdminOutcome Outcome, IReadOnlyList<string> Errors)> GetAsync(string domainInput, CancellationToken cancellationToken)
    {
        if (!TenantAdmin.TryReadDomain(domainInput, out var domain, out var error))
        {
            return (null, AdminOutcome.Invalid, [error]);
        }

        var tenant = await store.GetAsync(domain, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return (null, AdminOutcome.NotFound, [$"no tenant '{domain}'"]);
        }

        var settings = checks.Value;
        var options = settings.ToDomainCheckOptions();
        var progress = new CheckProgress();
        progress.Expect([.. DomainChecker.Steps(options), ServedPolicyStep, PublishedIdStep, RotationStep, PolicyHostRecordStep]);
        if (naming.DelegationZone is not null)
        {
            progress.Expect(DelegationRecordStep);
        }

        if (onboarding?.Describe(tenant) is { } customDomain)
        {
            progress.Expect(CertificateStep);
            progress.Complete(CertificateStep, Certificate(customDomain));
        }

        await WithinDeadlineAsync(token => CheckAsync(tenant, options, progress, token), settings.StatusDeadline, cancellationToken).ConfigureAwait(false);
        var all = progress.Snapshot(step => CheckResult.Fail(
            step,
            $"not finished: the status checks stop after {settings.StatusDeadlineSeconds} s (Checks:StatusDeadlineSeconds)",
            $"run 'mtasts check {domain}' to see which server answers slowly, and make it answer promptly"));
        var state = tenant.State == TenantState.Offboarding ? "offboarding" : tenant.RotationPending ? "pending-rotation" : "published";
        return (new TenantStatusView(domain, state, all.All(c => c.Status != CheckStatus.Fail), all), AdminOutcome.Found, []);
    }

    private async Task CheckAsync(Tenant tenant, DomainCheckOptions options, CheckProgress progress, CancellationToken cancellationToken)
    {
        progress.Complete(RotationStep, Rotation(tenant));
        var report = await new DomainChecker().CheckAsync(tenant.Domain, options, progress, cancellationToken).ConfigureAwait(false);
        var served = ServedPolicy(tenant, report);
        progress.Complete(ServedPolicyStep, served);
        progress.Complete(PublishedIdStep, PublishedId(tenant, report));
        var lookup = new DnsLookup(options.DnsServer, options.Timeout);
        progress.Complete(PolicyHostRecordStep, await LookUpAsync(PolicyHostRecordStep, () => PolicyHostRecordAsync(lookup, tenant, served, cancellationToken)).ConfigureAwait(false));
        if (naming.DelegationZone is not null)
        {
            progress.Complete(DelegationRecordStep, await LookUpAsync(DelegationRecordStep, () => DelegationRecordAsync(lookup, tenant, cancellationToken)).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// The Front Door custom domain and its managed certificate in words: live (with its expiry; a warning within
    /// 14 days of it), on its way (a warning saying what the customer must still do), or failed.
    /// </summary>
    private CheckResult Certificate(FrontDoor.CustomDomainView view)
    {
        var actions = view.CustomerActions.Count == 0 ? null : string.Join(" ", view.CustomerActions);
        if (view.State == "live")
        {
            var left = view.CertificateExpiresAt - time.GetUtcNow();
            return left < TimeSpan.FromDays(14)
                ? CheckResult.Warn(CertificateStep, $"live; the certificate for {view.HostName} expires {view.CertificateExpiresAt:u}", "Front Door renews managed certificates itself; if it does not, check the domain's validation state")
                : CheckResult.Pass(CertificateStep, $"live; the certificate for {view.HostName} expires {view.CertificateExpiresAt:u}");
        }

        return view.State.StartsWith("failed", StringComparison.Ordinal)
            ? CheckResult.Fail(CertificateStep, $"{view.State} (next try {view.NextAttemptAt:u})", actions ?? "see the error; SyncCustomDomains tries again by itself")
            : CheckResult.Warn(CertificateStep, view.State, actions ?? "nothing to do: SyncCustomDomains moves it on");
    }

    /// <summary>A record check whose DNS lookup fails (the resolver does not answer) is a failed check, not an error.</summary>
    private static async Task<CheckResult> LookUpAsync(string check, Func<Task<CheckResult>> lookUp)
    {
        try
        {
            return await lookUp().ConfigureAwait(false);
        }
        catch (DnsClient.DnsResponseException e)
        {
            return CheckResult.Fail(check, $"DNS lookup failed: {e.Message}", "check that the resolver answers and the domain's name servers respond");
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> until it finishes or <paramref name="deadline"/> passes, whichever is first: at the
    /// deadline its token is cancelled and this returns at once, even if some library does not stop promptly.
    /// </summary>
    private async Task WithinDeadlineAsync(Func<CancellationToken, Task> run, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var task = run(linked.Token);
        try
        {
            await task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // What finished is in the progress; a late failure of the abandoned run is observed here, not left unobserved.
            _ = task.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private static CheckResult ServedPolicy(Tenant tenant, DomainCheckReport report) =>
        report.PolicyText is null
            ? CheckResult.Fail("served-policy", "the policy could not be fetched (see the checks above)", $"point mta-sts.{tenant.Domain} at this service and give it a certificate")
            : report.PolicyText == tenant.PolicyText
                ? CheckResult.Pass("served-policy", "the policy served is the one stored")
                : CheckResult.Fail("served-policy", "the policy served differs from the one stored", $"if it changed within Policy:CacheSeconds, wait; otherwise mta-sts.{tenant.Domain} is not served by this service");

    private CheckResult PublishedId(Tenant tenant, DomainCheckReport report)
    {
        if (tenant.PublishedId is null)
        {
            return CheckResult.Warn("published-id", "no id published yet", "the next RotatePolicyIds run publishes it");
        }

        if (report.PolicyId == tenant.PublishedId)
        {
            return CheckResult.Pass("published-id", $"DNS has the id we published, {tenant.PublishedId}");
        }

        return CheckResult.Fail(
            "published-id",
            $"DNS has id {report.PolicyId ?? "none"}, we published {tenant.PublishedId}",
            naming.DelegationZone is { } zone
                ? $"create _mta-sts.{tenant.Domain} CNAME {naming.RecordName(tenant.Domain)} (and remove any TXT there)"
                : $"let this service write _mta-sts.{tenant.Domain} in zone {tenant.Domain}; drift is repaired on its next verification");
    }

    private CheckResult Rotation(Tenant tenant)
    {
        if (!tenant.RotationPending)
        {
            return CheckResult.Pass("rotation", $"published {tenant.PublishedAt:u}");
        }

        var due = window.EarliestPublication(tenant);
        if (tenant.FailedAttempts > 0)
        {
            return CheckResult.Fail("rotation", $"stuck after {tenant.FailedAttempts} attempt(s): {tenant.LastError}; next try {tenant.NextAttemptAt:u}", "fix the DNS provider problem named here");
        }

        return time.GetUtcNow() > due + TimeSpan.FromHours(1)
            ? CheckResult.Fail("rotation", $"pending since {due:u} and not published", "check that RotatePolicyIds runs (RotationSchedule)")
            : CheckResult.Warn("rotation", $"pending; the new id is due at {due:u}");
    }

    private async Task<CheckResult> PolicyHostRecordAsync(DnsLookup lookup, Tenant tenant, CheckResult served, CancellationToken cancellationToken)
    {
        var name = PolicyHost.Prefix + tenant.Domain;
        var target = serving.Value.HostName;
        var cname = await lookup.CnameAsync(name, cancellationToken).ConfigureAwait(false);
        if (cname == target)
        {
            return CheckResult.Pass("record-mta-sts", $"{name} CNAME {target}");
        }

        return served.Status == CheckStatus.Pass
            ? CheckResult.Pass("record-mta-sts", $"{name} is served by this service{(cname is null ? string.Empty : $" (through {cname})")}")
            : CheckResult.Fail("record-mta-sts", cname is null ? $"{name} has no CNAME to {target}" : $"{name} is a CNAME to {cname}, not {target}", $"create {name} CNAME {target}");
    }

    private async Task<CheckResult> DelegationRecordAsync(DnsLookup lookup, Tenant tenant, CancellationToken cancellationToken)
    {
        var name = "_mta-sts." + tenant.Domain;
        var target = naming.RecordName(tenant.Domain);
        var cname = await lookup.CnameAsync(name, cancellationToken).ConfigureAwait(false);
        return cname == target
            ? CheckResult.Pass("record-mta-sts-delegation", $"{name} CNAME {target}")
            : CheckResult.Fail("record-mta-sts-delegation", cname is null ? $"{name} is not a CNAME to {target}" : $"{name} is a CNAME to {cname}, not {target}", $"create {name} CNAME {target} (and remove any TXT there)");
    }
}
