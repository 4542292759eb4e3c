using MtaSts.Core.FrontDoor;
using MtaSts.Core.Mx;
using MtaSts.Core.Policies;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Tests.Readiness;

/// <summary>The rubric's criteria one by one, from a tenant that is ready and then with one thing wrong at a time.</summary>
public sealed class ReadinessRubricTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlySet<string> Evidence = new HashSet<string> { Provenance.EmailAligned, Provenance.Https };
    private static readonly ReadinessOptions Options = new();

    private static Tenant Tenant(PolicyMode mode = PolicyMode.Testing, int daysInMode = 20) =>
        MtaSts.Core.Tenants.Tenant.Create("example.com", new StsPolicy(mode, ["mx1.example.com", "*.mail.example.com"], 604800), Now.AddDays(-daysInMode))
            with
        { PublishedId = "20261110000000", PublishedVersion = 1 };

    /// <summary>A day of one organization's report whose sessions were all under the sts policy.</summary>
    private static DaySummary Day(int daysAgo, string org, long successful, string provenance = Provenance.EmailAligned, params FailureCount[] failures)
    {
        var failed = failures.Sum(f => f.Count);
        return Day(daysAgo, org, successful, successful + failed, provenance, failures);
    }

    private static DaySummary Day(int daysAgo, string org, long successful, long sts, string provenance, params FailureCount[] failures)
    {
        var day = new DaySummary("example.com", DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-daysAgo));
        var failed = failures.Sum(f => f.Count);
        day.SetClass(provenance, ProvenanceSummary.From(1, successful, failed, failures, [new(org, new OrganizationCounts(1, successful, failed, sts))], sts));
        return day;
    }

    private static ReadinessInputs Ready(Tenant? tenant = null) => new(
        tenant ?? Tenant(),
        Now,
        [Day(3, "Google", 80), Day(2, "Microsoft", 40)],
        new MxLookup(MxLookupStatus.Found, ["mx1.example.com", "a.mail.example.com"]),
        StsTxtRecordParser.ParseRecordSet(["v=STSv1; id=20261110000000"]),
        null,
        null);

    private static (string Verdict, ReadinessCriterion Criterion) Judge(ReadinessInputs inputs, string name)
    {
        var (verdict, criteria) = ReadinessRubric.Evaluate(inputs, Options, Evidence);
        return (verdict, criteria.Single(c => c.Name == name));
    }

    [Fact]
    public void A_tenant_meeting_every_criterion_is_ready_and_an_unknown_certificate_does_not_hold_it_back()
    {
        var (verdict, criteria) = ReadinessRubric.Evaluate(Ready(), Options, Evidence);

        Assert.Equal(ReadinessVerdict.Ready, verdict);
        Assert.Equal(["testing-period", "report-evidence", "clean-reports", "mx-coverage", "certificate", "dns-id"], criteria.Select(c => c.Name));
        Assert.Equal(ReadinessVerdict.Unknown, criteria.Single(c => c.Name == "certificate").Status);
    }

    [Theory]
    [InlineData(13, ReadinessVerdict.NotYet)]
    [InlineData(14, ReadinessVerdict.Met)]
    public void Fourteen_days_in_testing_are_needed(int days, string status)
    {
        Assert.Equal(status, Judge(Ready(Tenant(daysInMode: days)), "testing-period").Criterion.Status);
    }

    [Fact]
    public void Mode_none_and_offboarding_are_blocked_and_enforce_counts_as_met()
    {
        Assert.Equal(ReadinessVerdict.Blocked, Judge(Ready(Tenant(PolicyMode.None)), "testing-period").Criterion.Status);
        Assert.Equal(ReadinessVerdict.Blocked, Judge(Ready(Tenant() with { State = TenantState.Offboarding }), "testing-period").Criterion.Status);
        Assert.Equal(ReadinessVerdict.Met, Judge(Ready(Tenant(PolicyMode.Enforce, 1)), "testing-period").Criterion.Status);
    }

    [Fact]
    public void Evidence_needs_two_organizations_and_a_hundred_sessions_of_counted_provenance()
    {
        Assert.Equal(ReadinessVerdict.NotYet, Judge(Ready() with { Days = [Day(3, "Google", 500)] }, "report-evidence").Criterion.Status);
        Assert.Equal(ReadinessVerdict.NotYet, Judge(Ready() with { Days = [Day(3, "Google", 50), Day(2, "Microsoft", 49)] }, "report-evidence").Criterion.Status);
        Assert.Equal(ReadinessVerdict.Met, Judge(Ready() with { Days = [Day(3, "Google", 50), Day(2, "Microsoft", 50)] }, "report-evidence").Criterion.Status);

        // Unsigned e-mail does not count by default, however much of it there is.
        var unsigned = Judge(Ready() with { Days = [Day(3, "Google", 500), Day(2, "Forger", 500, Provenance.EmailNone)] }, "report-evidence").Criterion;
        Assert.Equal(ReadinessVerdict.NotYet, unsigned.Status);
        Assert.Contains("500 sessions of reports that do not count as evidence are left out", unsigned.Evidence, StringComparison.Ordinal);
    }

    /// <summary>
    /// Only sessions under our sts policy are evidence (RFC 8460 §4.3): a sender reporting <c>no-policy-found</c> or
    /// <c>tlsa</c> never fetched the policy, so its sessions say nothing of what <c>enforce</c> would do. Failed on the
    /// code before #13's last slice, which counted every session.
    /// </summary>
    [Fact]
    public void Evidence_counts_only_sessions_under_the_sts_policy()
    {
        var unfetched = Judge(Ready() with { Days = [Day(3, "Google", 500, 0, Provenance.EmailAligned), Day(2, "Microsoft", 60, 60, Provenance.EmailAligned)] }, "report-evidence").Criterion;
        Assert.Equal(ReadinessVerdict.NotYet, unfetched.Status);
        Assert.StartsWith("60 sessions under the sts policy from 1 reporting organizations (Microsoft)", unfetched.Evidence, StringComparison.Ordinal);
        Assert.Contains("; 500 sessions without it (no-policy-found, tlsa) are left out", unfetched.Evidence, StringComparison.Ordinal);
        Assert.Contains("check that senders can fetch the policy (the _mta-sts.example.com record", unfetched.Action, StringComparison.Ordinal);

        var mixed = Judge(Ready() with { Days = [Day(3, "Google", 500, 50, Provenance.EmailAligned), Day(2, "Microsoft", 60, 50, Provenance.EmailAligned)] }, "report-evidence").Criterion;
        Assert.Equal(ReadinessVerdict.Met, mixed.Status);
        Assert.Null(mixed.Action);

        var justShort = Judge(Ready() with { Days = [Day(3, "Google", 60, 50, Provenance.EmailAligned), Day(2, "Microsoft", 49, 49, Provenance.EmailAligned)] }, "report-evidence").Criterion;
        Assert.Equal(ReadinessVerdict.NotYet, justShort.Status);
        Assert.DoesNotContain("can fetch the policy", justShort.Action, StringComparison.Ordinal);

        Assert.False(ReadinessRubric.AlignedEvidenceMet(Ready() with { Days = [Day(3, "Google (d=google.com)", 500, 0, Provenance.EmailAligned), Day(2, "Microsoft (d=microsoft.com)", 60, 60, Provenance.EmailAligned)] }, Options));
        Assert.True(ReadinessRubric.AlignedEvidenceMet(Ready() with { Days = [Day(3, "Google (d=google.com)", 500, 50, Provenance.EmailAligned), Day(2, "Microsoft (d=microsoft.com)", 60, 50, Provenance.EmailAligned)] }, Options));
        Assert.False(ReadinessRubric.AlignedEvidenceMet(Ready() with { Days = [Day(3, "Google (d=google.com)", 500, 50, Provenance.EmailAligned), Day(2, "Microsoft (d=microsoft.com)", 60, 49, Provenance.EmailAligned)] }, Options));
    }

    [Theory]
    [InlineData("certificate-expired", "mx1.example.com", 6, ReadinessVerdict.Blocked)]
    [InlineData("sts-policy-fetch-error", FailureCount.NotReported, 1, ReadinessVerdict.Blocked)]
    [InlineData("validation-failure", "b.mail.example.com", 2, ReadinessVerdict.Blocked)]
    [InlineData("certificate-expired", "mx1.example.com", 7, ReadinessVerdict.Blocked)]
    [InlineData("certificate-expired", "mx1.example.com", 8, ReadinessVerdict.Met)]
    [InlineData(FailureCount.Other, FailureCount.Other, 1, ReadinessVerdict.Blocked)]
    [InlineData("tlsa-invalid", "mx1.example.com", 1, ReadinessVerdict.Met)]
    [InlineData("certificate-expired", "old-mx.elsewhere.example", 1, ReadinessVerdict.Met)]
    public void Blocking_failures_on_own_mx_in_the_last_seven_days_block(string type, string mx, int daysAgo, string status)
    {
        var inputs = Ready() with { Days = [Day(3, "Google", 80), Day(2, "Microsoft", 40), Day(daysAgo, "Yahoo", 10, Provenance.Https, new FailureCount(type, mx, 3))] };

        Assert.Equal(status, Judge(inputs, "clean-reports").Criterion.Status);
    }

    /// <summary>Second review of #13: a forged report sharing a genuine one's key moves both to the conflicts; their failures still block.</summary>
    [Fact]
    public void Failures_of_reports_kept_apart_as_conflicts_block_too()
    {
        var inputs = Ready() with { Days = [Day(3, "Google", 80), Day(2, "Microsoft", 40), Day(1, "Google", 10, Provenance.Conflict, new FailureCount("certificate-expired", "mx1.example.com", 4))] };

        Assert.Equal(ReadinessVerdict.Blocked, Judge(inputs, "clean-reports").Criterion.Status);
        Assert.Equal(ReadinessVerdict.Met, Judge(inputs, "report-evidence").Criterion.Status); // conflicts are never evidence
    }

    /// <summary>
    /// Second review of #13: aligned evidence counts signing organizations, not the names a signer gives (an aligned
    /// reporter's label ends with the signer, "Google Inc. (d=google.com)"). Third review: a signer counted only if its
    /// reports carried sts sessions; before, one signer under two names plus any aligned reporter of no-policy-found
    /// sessions passed.
    /// </summary>
    [Fact]
    public void Aligned_evidence_counts_distinct_signing_organizations_with_sts_sessions()
    {
        DaySummary Aligned(int daysAgo, string label, long sts)
        {
            // The quota's signer slots, as ingestion takes them (what the check once counted).
            var day = Day(daysAgo, label, 60, sts, Provenance.EmailAligned);
            day.SetSigner(DaySummary.SignerKey(label[(label.LastIndexOf("(d=", StringComparison.Ordinal) + 3)..^1]), 1);
            return day;
        }

        var oneSignerTwoNames = Ready() with { Days = [Aligned(3, "A (d=evil.example)", 60), Aligned(2, "B (d=mail.evil.example)", 60)] };
        var plusSilentGoogle = Ready() with { Days = [Aligned(3, "A (d=evil.example)", 60), Aligned(2, "B (d=evil.example)", 60), Aligned(1, "Google Inc. (d=google.com)", 0)] };
        var claimedSuffix = Ready() with { Days = [Aligned(3, "A (d=google.com) (d=evil.example)", 60), Aligned(2, "B (d=evil.example)", 60)] };
        var twoSigners = Ready() with { Days = [Aligned(3, "Google Inc. (d=google.com)", 60), Aligned(2, "Microsoft (d=microsoft.com)", 60)] };

        Assert.False(ReadinessRubric.AlignedEvidenceMet(oneSignerTwoNames, Options));
        Assert.False(ReadinessRubric.AlignedEvidenceMet(plusSilentGoogle, Options));
        Assert.False(ReadinessRubric.AlignedEvidenceMet(claimedSuffix, Options));
        Assert.True(ReadinessRubric.AlignedEvidenceMet(twoSigners, Options));
        Assert.False(ReadinessRubric.AlignedEvidenceMet(twoSigners with { Days = [Aligned(3, "Google Inc. (d=google.com)", 60), Aligned(2, "Microsoft (d=microsoft.com)", 39)] }, Options)); // 99 sts sessions
        Assert.False(ReadinessRubric.AlignedEvidenceMet(twoSigners with { Days = [Aligned(15, "Google Inc. (d=google.com)", 60), Aligned(2, "Microsoft (d=microsoft.com)", 60)] }, Options)); // out of the window
        Assert.False(ReadinessRubric.AlignedEvidenceMet(twoSigners with { Days = [Day(3, "Google Inc. (d=google.com)", 80, Provenance.Https), Day(2, "Microsoft (d=microsoft.com)", 40, Provenance.Https)] }, Options));
    }

    [Fact]
    public void An_uncovered_live_mx_blocks_with_the_command_that_adds_it()
    {
        var (verdict, criterion) = Judge(Ready() with { LiveMx = new MxLookup(MxLookupStatus.Found, ["mx1.example.com", "mx2.example.com"]) }, "mx-coverage");

        Assert.Equal((ReadinessVerdict.Blocked, ReadinessVerdict.Blocked), (verdict, criterion.Status));
        Assert.Contains("--mx mx2.example.com", criterion.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_mx_lookup_is_not_yet_and_a_null_mx_is_blocked()
    {
        Assert.Equal(ReadinessVerdict.NotYet, Judge(Ready() with { LiveMx = new MxLookup(MxLookupStatus.Failed, [], "SERVFAIL") }, "mx-coverage").Criterion.Status);
        Assert.Equal(ReadinessVerdict.Blocked, Judge(Ready() with { LiveMx = new MxLookup(MxLookupStatus.NullMx, []) }, "mx-coverage").Criterion.Status);
    }

    [Fact]
    public void The_certificate_must_be_live_with_more_than_thirty_days_left_where_known()
    {
        CustomDomainView Live(int days) => new("live", "mta-sts.example.com", "0", null, "Approved", null, Now.AddDays(days), Now, null, null, []);

        Assert.Equal(ReadinessVerdict.Met, Judge(Ready() with { CustomDomain = Live(31) }, "certificate").Criterion.Status);
        Assert.Equal(ReadinessVerdict.Blocked, Judge(Ready() with { CustomDomain = Live(30) }, "certificate").Criterion.Status);
        Assert.Equal(ReadinessVerdict.Blocked, Judge(Ready() with { CustomDomain = Live(31) with { State = "failed: validation" } }, "certificate").Criterion.Status);
        Assert.Equal(ReadinessVerdict.NotYet, Judge(Ready() with { CustomDomain = Live(31) with { State = "waiting for validation" } }, "certificate").Criterion.Status);
    }

    [Fact]
    public void The_dns_id_must_be_the_published_one()
    {
        Assert.Equal(ReadinessVerdict.Blocked, Judge(Ready() with { DnsRecord = StsTxtRecordParser.ParseRecordSet(["v=STSv1; id=other"]) }, "dns-id").Criterion.Status);
        Assert.Equal(ReadinessVerdict.Blocked, Judge(Ready() with { DnsRecord = StsTxtRecordParser.ParseRecordSet(Array.Empty<string>()) }, "dns-id").Criterion.Status);
        Assert.Equal(ReadinessVerdict.NotYet, Judge(Ready() with { DnsRecord = null, DnsError = "timeout" }, "dns-id").Criterion.Status);
        Assert.Equal(ReadinessVerdict.NotYet, Judge(Ready(Tenant() with { PolicyVersion = 2 }), "dns-id").Criterion.Status);
    }

    /// <summary>Mutation run of #13: each criterion's words, exactly, where they carry a decision (what was left out, what to do).</summary>
    [Fact]
    public void Evidence_says_exactly_what_it_counted_and_left_out()
    {
        var days = new[] { Day(14, "Google", 60, 50, Provenance.EmailAligned), Day(15, "Yahoo", 500, 500, Provenance.EmailAligned), Day(2, "Microsoft", 70, 50, Provenance.Https), Day(1, "Forger", 9, 9, Provenance.EmailNone) };
        var criterion = Judge(Ready() with { Days = days }, "report-evidence").Criterion;

        Assert.Equal(ReadinessVerdict.Met, criterion.Status); // the day 14 days ago is in the window, the day before it is not
        Assert.Equal("100 sessions under the sts policy from 2 reporting organizations (Google, Microsoft) in the last 14 days, counting email-dkim-aligned, https; 30 sessions without it (no-policy-found, tlsa) are left out; 9 sessions of reports that do not count as evidence are left out", criterion.Evidence);

        var names = Enumerable.Range(0, 12).Select(i => Day(1, $"Org{i:00}", 10, 10, Provenance.Https)).ToArray();
        Assert.Contains("from 12 reporting organizations (Org00, Org01, Org02, Org03, Org04, Org05, Org06, Org07, Org08, Org09, ...) in", Judge(Ready() with { Days = names }, "report-evidence").Criterion.Evidence, StringComparison.Ordinal);
        Assert.Contains("from 0 reporting organizations (none) in", Judge(Ready() with { Days = [] }, "report-evidence").Criterion.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_said_to_be_left_out_when_nothing_was()
    {
        Assert.Equal("120 sessions under the sts policy from 2 reporting organizations (Google, Microsoft) in the last 14 days, counting email-dkim-aligned, https", Judge(Ready(), "report-evidence").Criterion.Evidence);
        Assert.Equal("no failure that enforce would turn into non-delivery in the last 7 days", Judge(Ready(), "clean-reports").Criterion.Evidence);

        // As many sessions without the policy as with it is not "most": no hint to check the policy's reachability.
        var even = Judge(Ready() with { Days = [Day(3, "Google", 90, 45, Provenance.EmailAligned)] }, "report-evidence").Criterion;
        Assert.DoesNotContain("most sessions were reported as no-policy-found", even.Action, StringComparison.Ordinal);
        var most = Judge(Ready() with { Days = [Day(3, "Google", 91, 45, Provenance.EmailAligned)] }, "report-evidence").Criterion;
        Assert.Contains("most sessions were reported as no-policy-found", most.Action, StringComparison.Ordinal);

        // sts-* among other blocking failures still says senders could not get the policy.
        var mixed = Judge(Ready() with { Days = [Day(1, "Yahoo", 10, Provenance.Https, new FailureCount("sts-webpki-invalid", FailureCount.NotReported, 1), new FailureCount("certificate-expired", "mx1.example.com", 1))] }, "clean-reports").Criterion;
        Assert.StartsWith("sts-* failures mean senders could not get the policy", mixed.Action, StringComparison.Ordinal);

        // The aligned window includes its first day.
        Assert.True(ReadinessRubric.AlignedEvidenceMet(Ready() with { Days = [Day(14, "Google (d=google.com)", 60, 60, Provenance.EmailAligned), Day(2, "Microsoft (d=microsoft.com)", 60, 60, Provenance.EmailAligned)] }, Options));
    }

    [Fact]
    public void Clean_reports_name_what_blocks_what_was_left_out_and_what_to_do()
    {
        var inputs = Ready() with { Days = [Day(3, "Google", 80), Day(2, "Microsoft", 40), Day(1, "Yahoo", 10, Provenance.Https, new FailureCount("sts-policy-fetch-error", FailureCount.NotReported, 2), new FailureCount("certificate-expired", "old.elsewhere.example", 5))] };
        var criterion = Judge(inputs, "clean-reports").Criterion;

        Assert.Equal("in the last 7 days: sts-policy-fetch-error at (not reported) (2 sessions); left out, at hosts that are neither its MX nor in its policy: certificate-expired at old.elsewhere.example (5 sessions)", criterion.Evidence);
        Assert.Equal("sts-* failures mean senders could not get the policy: check https://mta-sts.example.com/.well-known/mta-sts.txt and its certificate (mtasts check example.com); fix STARTTLS and the certificates of the MX hosts named (a certificate from a public CA, valid and matching the host name); this clears 7 days after the last such failure", criterion.Action);

        var elsewhere = Judge(Ready() with { Days = [Day(3, "Google", 80), Day(2, "Microsoft", 40), Day(1, "Yahoo", 10, Provenance.Https, new FailureCount("certificate-expired", "old.elsewhere.example", 5))] }, "clean-reports").Criterion;
        Assert.Equal((ReadinessVerdict.Met, "no failure that enforce would turn into non-delivery in the last 7 days; left out, at hosts that are neither its MX nor in its policy: certificate-expired at old.elsewhere.example (5 sessions)"), (elsewhere.Status, elsewhere.Evidence));
        var starttls = Judge(Ready() with { Days = [Day(1, "Yahoo", 10, Provenance.Https, new FailureCount("starttls-not-supported", "mx1.example.com", 1))] }, "clean-reports").Criterion;
        Assert.StartsWith("fix STARTTLS", starttls.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void An_implicit_mx_is_said_to_be_one()
    {
        var tenant = Tenant() with { Policy = new StsPolicy(PolicyMode.Testing, ["example.com"], 604800) };
        var criterion = Judge(Ready(tenant) with { LiveMx = new MxLookup(MxLookupStatus.Implicit, ["example.com"]) }, "mx-coverage").Criterion;

        Assert.Equal("every live MX (example.com) (no MX record: mail goes to the domain itself) matches the policy's mx (example.com)", criterion.Evidence);
        Assert.Equal("every live MX (mx1.example.com, a.mail.example.com) matches the policy's mx (mx1.example.com, *.mail.example.com)", Judge(Ready(), "mx-coverage").Criterion.Evidence);
    }

    [Theory]
    [InlineData("failed: DNS", "the CNAME is missing", true, ReadinessVerdict.Blocked, "mta-sts.example.com: failed: DNS: the CNAME is missing", "create the CNAME")]
    [InlineData("failed: DNS", null, false, ReadinessVerdict.Blocked, "mta-sts.example.com: failed: DNS", "SyncCustomDomains tries again by itself; see the error")]
    [InlineData("validating", null, true, ReadinessVerdict.NotYet, "mta-sts.example.com: validating", "create the CNAME")]
    [InlineData("deploying", null, false, ReadinessVerdict.NotYet, "mta-sts.example.com: deploying", "nothing to do: SyncCustomDomains moves it on")]
    public void A_custom_domain_on_its_way_or_failed_says_what_to_do(string state, string? error, bool actions, string status, string evidence, string action)
    {
        var domain = new CustomDomainView(state, "mta-sts.example.com", "0", null, null, null, null, Now, error, null, actions ? ["create the CNAME"] : []);
        var criterion = Judge(Ready() with { CustomDomain = domain }, "certificate").Criterion;

        Assert.Equal((status, evidence, action), (criterion.Status, criterion.Evidence, criterion.Action));
    }
}
