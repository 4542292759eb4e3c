using System.Globalization;
using MtaSts.Core.Mx;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Readiness;

/// <summary>
/// The readiness rubric (README: "Readiness"): six criteria judged on <see cref="ReadinessInputs"/>, and the verdict,
/// which is the worst of them: <c>blocked</c> if any is blocked, else <c>not-yet</c> if any is not yet met, else
/// <c>ready</c>. Only reports whose provenance counts as evidence (<c>Reports:Evidence</c>) are read. The criteria:
/// <list type="bullet">
/// <item><c>testing-period</c>: in <c>testing</c> for <c>Readiness:TestingDays</c> (14), the period Google and others advise.</item>
/// <item><c>report-evidence</c>: <c>Readiness:MinSessions</c> sessions under our <c>sts</c> policy (RFC 8460 §4.3; <c>no-policy-found</c> and <c>tlsa</c> sessions say nothing of it) from <c>Readiness:MinOrganizations</c> reporting organizations in <c>Readiness:EvidenceDays</c>.</item>
/// <item><c>clean-reports</c>: no failure on the tenant's own MX hosts in <c>Readiness:CleanDays</c> of a type <c>enforce</c> turns into non-delivery, nor of any <c>sts-*</c> type, nor folded into <c>(other)</c>; reports kept apart as conflicts count here too.</item>
/// <item><c>mx-coverage</c>: every live MX host matches the policy (RFC 8461 §4.1).</item>
/// <item><c>certificate</c>: the <c>mta-sts</c> certificate live with more than <c>Readiness:CertificateDays</c> left, where it is known.</item>
/// <item><c>dns-id</c>: the <c>_mta-sts</c> record resolvers see carries the id we published for the served policy.</item>
/// </list>
/// </summary>
public static class ReadinessRubric
{
    public static (string Verdict, IReadOnlyList<ReadinessCriterion> Criteria) Evaluate(ReadinessInputs inputs, ReadinessOptions options, IReadOnlySet<string> evidence)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(evidence);
        var criteria = new[]
        {
            TestingPeriod(inputs, options),
            ReportEvidence(inputs, options, evidence),
            CleanReports(inputs, options, evidence),
            MxCoverageCriterion(inputs),
            Certificate(inputs, options),
            DnsId(inputs),
        };
        var verdict = criteria.Any(c => c.Status == ReadinessVerdict.Blocked) ? ReadinessVerdict.Blocked
            : criteria.Any(c => c.Status == ReadinessVerdict.NotYet) ? ReadinessVerdict.NotYet
            : ReadinessVerdict.Ready;
        return (verdict, criteria);
    }

    private static ReadinessCriterion TestingPeriod(ReadinessInputs inputs, ReadinessOptions options)
    {
        const string Name = "testing-period";
        var tenant = inputs.Tenant;
        if (tenant.State == TenantState.Offboarding)
        {
            return new(Name, ReadinessVerdict.Blocked, "the tenant is being offboarded (mode none)", null);
        }

        var since = tenant.ModeChangedAt ?? tenant.PolicyChangedAt;
        switch (tenant.Policy.Mode)
        {
            case PolicyMode.Enforce:
                return new(Name, ReadinessVerdict.Met, $"in enforce since {Day(since)}", null);
            case PolicyMode.None:
                return new(Name, ReadinessVerdict.Blocked, "the policy is mode none: senders apply nothing", $"switch to testing first: mtasts tenant put {tenant.Domain} --mode testing {MxArguments(tenant)}");
        }

        var days = (inputs.Now - since).TotalDays;
        var text = string.Create(CultureInfo.InvariantCulture, $"in testing since {Day(since)} ({Math.Floor(days):0} days; Readiness:TestingDays is {options.TestingDays})");
        return days >= options.TestingDays
            ? new(Name, ReadinessVerdict.Met, text, null)
            : new(Name, ReadinessVerdict.NotYet, text, $"wait until {Day(since.AddDays(options.TestingDays))}: senders report daily, and two weeks show the weekly pattern");
    }

    /// <summary>
    /// Whether the evidence criterion is met by DKIM-aligned e-mail reports alone: only sessions under our <c>sts</c>
    /// policy, and organizations counted by the organizational domain of the domain that signed the reports that carried
    /// them (the <c>(d=...)</c> every aligned reporter's label ends with, <see cref="StoredReport.Reporter"/>), never
    /// by the names they give: one domain that signs reports under two names is one organization, and a signer whose
    /// reports carried no <c>sts</c> session is none. What <c>autoPromote</c> needs by default.
    /// </summary>
    public static bool AlignedEvidenceMet(ReadinessInputs inputs, ReadinessOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        var first = DateOnly.FromDateTime(inputs.Now.UtcDateTime).AddDays(-options.EvidenceDays);
        var days = inputs.Days.Where(d => d.Day >= first).ToList();
        var aligned = Counted(days, new HashSet<string>(StringComparer.Ordinal) { Provenance.EmailAligned }).ToList();
        var sessions = aligned.Aggregate(0L, (sum, s) => SaturatingCount.Add(sum, s.Sts));
        var signers = StsOrganizations(aligned).Select(SigningOrganization).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        return sessions >= options.MinSessions && signers >= options.MinOrganizations;
    }

    private static ReadinessCriterion ReportEvidence(ReadinessInputs inputs, ReadinessOptions options, IReadOnlySet<string> evidence)
    {
        const string Name = "report-evidence";
        var first = DateOnly.FromDateTime(inputs.Now.UtcDateTime).AddDays(-options.EvidenceDays);
        var window = inputs.Days.Where(d => d.Day >= first).ToList();
        var counted = Counted(window, evidence).ToList();
        var sessions = counted.Aggregate(0L, (sum, s) => SaturatingCount.Add(sum, s.Sts));
        var organizations = StsOrganizations(counted);
        var notSts = counted.Aggregate(0L, (sum, s) => SaturatingCount.Add(sum, SaturatingCount.Subtract(SaturatingCount.Add(s.Successful, s.Failed), s.Sts)));
        var other = window.SelectMany(d => d.Classes.Where(c => !evidence.Contains(c.Key) && c.Key != Provenance.Conflict).Select(c => c.Value))
            .Aggregate(0L, (sum, s) => SaturatingCount.Add(sum, SaturatingCount.Add(s.Successful, s.Failed)));
        var text = string.Create(CultureInfo.InvariantCulture, $"{sessions} sessions under the sts policy from {organizations.Count} reporting organizations ({Listed(organizations)}) in the last {options.EvidenceDays} days, counting {string.Join(", ", evidence.Order(StringComparer.Ordinal))}")
            + (notSts > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {notSts} sessions without it (no-policy-found, tlsa) are left out") : string.Empty)
            + (other > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {other} sessions of reports that do not count as evidence are left out") : string.Empty);
        return sessions >= options.MinSessions && organizations.Count >= options.MinOrganizations
            ? new(Name, ReadinessVerdict.Met, text, null)
            : new(Name, ReadinessVerdict.NotYet, text, string.Create(CultureInfo.InvariantCulture, $"needs {options.MinSessions} sessions under the sts policy from {options.MinOrganizations} organizations (Readiness:MinSessions, Readiness:MinOrganizations): check that _smtp._tls.{inputs.Tenant.Domain} has a TLSRPT record whose rua reaches us, and wait for senders' daily reports")
                + (notSts > sessions ? string.Create(CultureInfo.InvariantCulture, $"; most sessions were reported as no-policy-found or tlsa: check that senders can fetch the policy (the _mta-sts.{inputs.Tenant.Domain} record and https://mta-sts.{inputs.Tenant.Domain}/.well-known/mta-sts.txt)") : string.Empty));
    }

    private static ReadinessCriterion CleanReports(ReadinessInputs inputs, ReadinessOptions options, IReadOnlySet<string> evidence)
    {
        const string Name = "clean-reports";
        // The last CleanDays complete days, and today's reports so far.
        var from = DateOnly.FromDateTime(inputs.Now.UtcDateTime).AddDays(-options.CleanDays);
        // Reports kept apart as conflicts count here too (their failures, never their sessions): a forged report that
        // shares a genuine one's key must not make the genuine one's failures disappear.
        var failures = Counted(inputs.Days.Where(d => d.Day >= from), new HashSet<string>(evidence.Append(Provenance.Conflict), StringComparer.Ordinal))
            .SelectMany(s => s.Failures).Where(f => options.Blocks(f.ResultType)).ToList();
        var own = failures.Where(f => IsOwnMx(f.ReceivingMx, inputs)).ToList();
        var elsewhere = failures.Except(own).ToList();
        var note = elsewhere.Count > 0 ? $"; left out, at hosts that are neither its MX nor in its policy: {Describe(elsewhere)}" : string.Empty;
        if (own.Count == 0)
        {
            return new(Name, ReadinessVerdict.Met, $"no failure that enforce would turn into non-delivery in the last {options.CleanDays} days{note}", null);
        }

        var action = own.Any(f => f.ResultType.StartsWith("sts-", StringComparison.Ordinal))
            ? $"sts-* failures mean senders could not get the policy: check https://mta-sts.{inputs.Tenant.Domain}/.well-known/mta-sts.txt and its certificate (mtasts check {inputs.Tenant.Domain}); "
            : string.Empty;
        return new(Name, ReadinessVerdict.Blocked, $"in the last {options.CleanDays} days: {Describe(own)}{note}",
            action + $"fix STARTTLS and the certificates of the MX hosts named (a certificate from a public CA, valid and matching the host name); this clears {options.CleanDays} days after the last such failure");
    }

    private static ReadinessCriterion MxCoverageCriterion(ReadinessInputs inputs)
    {
        const string Name = "mx-coverage";
        var tenant = inputs.Tenant;
        var live = inputs.LiveMx;
        switch (live.Status)
        {
            case MxLookupStatus.Failed:
                return new(Name, ReadinessVerdict.NotYet, $"the live MX set is not known: {live.Error}", "nothing to do if it passes at the next evaluation; otherwise check the domain's DNS");
            case MxLookupStatus.NullMx:
                return new(Name, ReadinessVerdict.Blocked, $"{tenant.Domain} publishes a null MX (RFC 7505): it accepts no mail", "an MTA-STS policy is of no use to a domain without mail; remove the tenant or publish its MX");
            case MxLookupStatus.NoDomain:
                return new(Name, ReadinessVerdict.Blocked, $"{tenant.Domain} does not exist in DNS", "check the domain name");
        }

        var uncovered = MxCoverage.Uncovered(tenant.Policy.Mx, live.Hosts);
        var implicitNote = live.Status == MxLookupStatus.Implicit ? " (no MX record: mail goes to the domain itself)" : string.Empty;
        return uncovered.Count == 0
            ? new(Name, ReadinessVerdict.Met, $"every live MX ({string.Join(", ", live.Hosts)}){implicitNote} matches the policy's mx ({string.Join(", ", tenant.Policy.Mx)})", null)
            : new(Name, ReadinessVerdict.Blocked, $"live MX {string.Join(", ", uncovered)}{implicitNote} not covered by the policy's mx ({string.Join(", ", tenant.Policy.Mx)}): in enforce, mail to it bounces",
                $"mtasts tenant put {tenant.Domain} --mode {tenant.Policy.Mode.ToText()} {string.Join(" ", tenant.Policy.Mx.Concat(uncovered).Select(m => "--mx " + m))} --max-age {tenant.Policy.MaxAgeSeconds} (or let the watcher do it: mxSync auto)");
    }

    private static ReadinessCriterion Certificate(ReadinessInputs inputs, ReadinessOptions options)
    {
        const string Name = "certificate";
        var host = PolicyHost.Prefix + inputs.Tenant.Domain;
        if (inputs.CustomDomain is not { } domain)
        {
            return new(Name, ReadinessVerdict.Unknown, $"not known here: no Front Door custom domain is managed for {host}", $"check it yourself: mtasts check {inputs.Tenant.Domain}");
        }

        if (domain.State == "live" && domain.CertificateExpiresAt is { } expires)
        {
            var left = expires - inputs.Now;
            return left > TimeSpan.FromDays(options.CertificateDays)
                ? new(Name, ReadinessVerdict.Met, $"live; the certificate for {host} expires {Day(expires)}", null)
                : new(Name, ReadinessVerdict.Blocked, $"the certificate for {host} expires {Day(expires)}, within {options.CertificateDays} days (Readiness:CertificateDays)", "Front Door renews managed certificates itself while the domain's CNAME points at it; check the custom domain's validation state");
        }

        return domain.State.StartsWith("failed", StringComparison.Ordinal)
            ? new(Name, ReadinessVerdict.Blocked, $"{host}: {domain.State}{(domain.LastError is null ? string.Empty : ": " + domain.LastError)}", domain.CustomerActions.Count > 0 ? string.Join(" ", domain.CustomerActions) : "SyncCustomDomains tries again by itself; see the error")
            : new(Name, ReadinessVerdict.NotYet, $"{host}: {domain.State}", domain.CustomerActions.Count > 0 ? string.Join(" ", domain.CustomerActions) : "nothing to do: SyncCustomDomains moves it on");
    }

    private static ReadinessCriterion DnsId(ReadinessInputs inputs)
    {
        const string Name = "dns-id";
        var tenant = inputs.Tenant;
        if (tenant.RotationPending || tenant.PublishedId is null)
        {
            return new(Name, ReadinessVerdict.NotYet, "the id for the served policy is not published yet (rotation pending)", "nothing to do: RotatePolicyIds publishes it after the rotation window");
        }

        if (inputs.DnsRecord is not { } record)
        {
            return new(Name, ReadinessVerdict.NotYet, $"_mta-sts.{tenant.Domain} could not be looked up: {inputs.DnsError}", "nothing to do if it passes at the next evaluation; otherwise check the domain's DNS");
        }

        if (!record.IsValid || record.Record is null)
        {
            return new(Name, ReadinessVerdict.Blocked, $"_mta-sts.{tenant.Domain}: {record.Error ?? record.Status.ToString()}", $"create the records the tenant's page lists (mtasts tenant get {tenant.Domain})");
        }

        return record.Record.Id == tenant.PublishedId
            ? new(Name, ReadinessVerdict.Met, $"resolvers see id {record.Record.Id}, the one published for the served policy", null)
            : new(Name, ReadinessVerdict.Blocked, $"resolvers see id {record.Record.Id}, but we published {tenant.PublishedId}", $"the record at _mta-sts.{tenant.Domain} is not the one we manage: create the records the tenant's page lists (mtasts tenant get {tenant.Domain}) and remove any other");
    }

    /// <summary>Reporting organizations (by name, <c>(other)</c> left out) that reported sessions under the sts policy.</summary>
    private static List<string> StsOrganizations(IEnumerable<ProvenanceSummary> counted) =>
        counted.SelectMany(s => s.Organizations)
            .Where(o => o.Key != FailureCount.Other && o.Value.Sts > 0)
            .Select(o => o.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The organizational domain of the signer an aligned reporter's label names: the text after its last
    /// <c> (d=</c> (a signing domain holds no space, so a name claiming a <c>(d=...)</c> of its own cannot pass for it).
    /// </summary>
    private static string? SigningOrganization(string label)
    {
        var at = label.LastIndexOf(" (d=", StringComparison.Ordinal);
        return at < 0 || !label.EndsWith(')') || label.Length - at - 5 <= 0 ? null : OrganizationalDomain.Of(label[(at + 4)..^1]);
    }

    /// <summary>The day summaries' classes that count as evidence.</summary>
    private static IEnumerable<ProvenanceSummary> Counted(IEnumerable<DaySummary> days, IReadOnlySet<string> evidence) =>
        days.SelectMany(d => d.Classes.Where(c => evidence.Contains(c.Key)).Select(c => c.Value));

    /// <summary>A failure is on the tenant's own MX when its host is a live MX, matches the policy, or is not named (or folded).</summary>
    private static bool IsOwnMx(string receivingMx, ReadinessInputs inputs) =>
        receivingMx is FailureCount.NotReported or FailureCount.Other
        || inputs.LiveMx.Hosts.Contains(receivingMx, StringComparer.OrdinalIgnoreCase)
        || MxPattern.MatchesAny(receivingMx, inputs.Tenant.Policy.Mx);

    private static string Describe(IEnumerable<FailureCount> failures) =>
        string.Join(", ", failures.GroupBy(f => (f.ResultType, f.ReceivingMx)).OrderByDescending(g => g.Aggregate(0L, (s, f) => SaturatingCount.Add(s, f.Count))).Take(10)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key.ResultType} at {g.Key.ReceivingMx} ({g.Aggregate(0L, (s, f) => SaturatingCount.Add(s, f.Count))} sessions)")));

    private static string Listed(IReadOnlyList<string> names) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Take(10)) + (names.Count > 10 ? ", ..." : string.Empty);

    private static string MxArguments(Tenant tenant) =>
        string.Join(" ", tenant.Policy.Mx.Select(m => "--mx " + m)) + $" --max-age {tenant.Policy.MaxAgeSeconds}";

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
