using System.Text;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;

namespace MtaSts.Core.Checks;

/// <summary>
/// Looks at a domain as a sending MTA does (RFC 8461 §3-§4, RFC 8460 §3): the <c>_mta-sts</c> TXT record, the HTTPS
/// policy fetch (certificate, status, media type, size), the policy's syntax, whether every live MX host is covered by
/// the policy (and the wildcard-depth trap), the <c>_smtp._tls</c> record, and optionally STARTTLS on each MX. Every
/// failure comes with a one-line fix.
/// </summary>
public sealed class DomainChecker
{
    private const string TxtStep = "mta-sts-txt";
    private const string HttpsStep = "https-fetch";
    private const string SyntaxStep = "policy-syntax";
    private const string CoverageStep = "mx-coverage";
    private const string TlsRptStep = "tlsrpt-record";
    private const string SmtpStep = "smtp-starttls";

    /// <summary>The steps a check takes, in order, each named after the check it reports.</summary>
    public static IReadOnlyList<string> Steps(DomainCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [TxtStep, HttpsStep, SyntaxStep, CoverageStep, TlsRptStep, .. options.Smtp ? [SmtpStep] : Array.Empty<string>()];
    }

    public Task<DomainCheckReport> CheckAsync(string domainInput, DomainCheckOptions options, CancellationToken cancellationToken) =>
        CheckAsync(domainInput, options, new CheckProgress(), cancellationToken);

    /// <summary>
    /// Checks the domain, recording each step's results in <paramref name="progress"/> as it finishes, so that a caller
    /// that stops waiting (a deadline) still has them and knows which steps did not finish. The report's checks are
    /// every result in <paramref name="progress"/>.
    /// </summary>
    public async Task<DomainCheckReport> CheckAsync(string domainInput, DomainCheckOptions options, CheckProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var steps = Steps(options);
        progress.Expect(steps);
        if (!DomainName.TryNormalize(domainInput?.Trim(), out var domain, out var error))
        {
            progress.Abort(steps, CheckResult.Fail("domain", error, "give the mail domain, like example.com"));
            return new DomainCheckReport(domainInput ?? string.Empty, progress.Results);
        }

        var dns = new DnsLookup(options.DnsServer, options.Timeout);
        try
        {
            return await CheckAsync(domain, dns, options, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsClient.DnsResponseException e)
        {
            progress.Abort(steps, CheckResult.Fail("dns", $"DNS lookups failed: {e.Message}", "check that the resolver answers and the domain's name servers respond"));
            return new DomainCheckReport(domain, progress.Results);
        }
    }

    private static async Task<DomainCheckReport> CheckAsync(string domain, DnsLookup dns, DomainCheckOptions options, CheckProgress progress, CancellationToken cancellationToken)
    {
        var id = await CheckTxtAsync(dns, domain, progress, cancellationToken).ConfigureAwait(false);
        progress.Complete(TxtStep);
        var policyText = await CheckFetchAsync(dns, domain, options, progress, cancellationToken).ConfigureAwait(false);
        progress.Complete(HttpsStep);
        var policy = policyText is null ? null : CheckSyntax(policyText, progress);
        progress.Complete(SyntaxStep);
        var mx = await dns.MxAsync(domain, cancellationToken).ConfigureAwait(false);
        if (policy is not null)
        {
            CheckCoverage(policy, mx, progress);
        }

        progress.Complete(CoverageStep);
        await CheckTlsRptAsync(dns, domain, progress, cancellationToken).ConfigureAwait(false);
        progress.Complete(TlsRptStep);
        if (options.Smtp)
        {
            foreach (var host in mx)
            {
                progress.Add(SmtpStep, await new SmtpStartTlsProbe(dns, options).ProbeAsync(host, cancellationToken).ConfigureAwait(false));
            }

            progress.Complete(SmtpStep);
        }

        return new DomainCheckReport(domain, progress.Results, id, policyText);
    }

    private static async Task<string?> CheckTxtAsync(DnsLookup dns, string domain, CheckProgress progress, CancellationToken cancellationToken)
    {
        const string Check = "mta-sts-txt";
        var name = "_mta-sts." + domain;
        IReadOnlyList<string> records;
        IReadOnlyList<string> cnames;
        try
        {
            (records, cnames) = await dns.TxtAsync(name, cancellationToken, failOnServerError: true).ConfigureAwait(false);
        }
        catch (DnsClient.DnsResponseException e) when (!cancellationToken.IsCancellationRequested)
        {
            // A resolver that fails is not a missing record: "create it" would be the wrong advice.
            progress.Add(TxtStep, CheckResult.Fail(Check, $"{name}: the lookup failed ({e.Message})", "check that the domain's name servers answer; senders that cannot look it up apply no policy"));
            return null;
        }

        var via = cnames.Count == 0 ? string.Empty : $" (via CNAME {string.Join(" -> ", cnames)})";
        var result = StsTxtRecordParser.ParseRecordSet(records);
        switch (result.Status)
        {
            case StsTxtLookupStatus.Valid:
                progress.Add(TxtStep, CheckResult.Pass(Check, $"{name}{via}: v=STSv1; id={result.Record!.Id}"));
                return result.Record.Id;
            case StsTxtLookupStatus.MultipleRecords:
                progress.Add(TxtStep, CheckResult.Fail(Check, $"{name}{via}: {result.Error}", "delete all but one v=STSv1 record; senders ignore the domain's policy while there are two"));
                return null;
            case StsTxtLookupStatus.NoRecord when records.Any(r => r.Contains("v=STSv1", StringComparison.Ordinal)):
                progress.Add(TxtStep, CheckResult.Fail(Check, $"{name}{via}: 'v=STSv1' is not at the start of the record", "write the record as \"v=STSv1; id=<id>\" with v= first"));
                return null;
            case StsTxtLookupStatus.NoRecord:
                progress.Add(TxtStep, CheckResult.Fail(Check, $"{name}{via}: no v=STSv1 TXT record", $"create {name} TXT \"v=STSv1; id=<yyyyMMddHHmmss>\""));
                return null;
            default:
                progress.Add(TxtStep, CheckResult.Fail(Check, $"{name}{via}: {result.Error}", "fix the record: \"v=STSv1; id=<1-32 letters and digits>\""));
                return null;
        }
    }

    private static async Task<string?> CheckFetchAsync(DnsLookup dns, string domain, DomainCheckOptions options, CheckProgress progress, CancellationToken cancellationToken)
    {
        var host = PolicyHost.Prefix + domain;
        var fetch = await new PolicyFetcher(dns, options).FetchAsync(domain, cancellationToken).ConfigureAwait(false);
        if (fetch.CertificateProblems.Count > 0)
        {
            progress.Add(HttpsStep, CheckResult.Fail("https-certificate", string.Join("; ", fetch.CertificateProblems), $"serve a valid, unexpired certificate for {host} from a public CA"));
            return null;
        }

        if (fetch.Error is not null)
        {
            progress.Add(HttpsStep, CheckResult.Fail("https-fetch", fetch.Error, $"make https://{host}/.well-known/mta-sts.txt reachable"));
            return null;
        }

        progress.Add(HttpsStep, CheckResult.Pass("https-certificate", $"valid for {host}"));
        switch (fetch.Status)
        {
            case >= 300 and < 400:
                progress.Add(HttpsStep, CheckResult.Fail("https-status", $"{fetch.Status} redirect to {fetch.Location}", "serve the policy itself with 200: senders do not follow redirects (RFC 8461 §3.3)"));
                return null;
            case not 200:
                progress.Add(HttpsStep, CheckResult.Fail("https-status", $"HTTP {fetch.Status}", "serve the policy at /.well-known/mta-sts.txt with status 200"));
                return null;
        }

        progress.Add(HttpsStep, CheckResult.Pass("https-status", "200"));
        if (!string.Equals(fetch.ContentType, "text/plain", StringComparison.OrdinalIgnoreCase))
        {
            progress.Add(HttpsStep, CheckResult.Fail("https-content-type", $"Content-Type is {fetch.ContentType ?? "missing"}", "serve the policy as text/plain"));
            return null;
        }

        progress.Add(HttpsStep, CheckResult.Pass("https-content-type", "text/plain"));
        if (fetch.TooLarge)
        {
            progress.Add(HttpsStep, CheckResult.Fail("https-size", $"the body is larger than {StsPolicy.MaxBodyBytes} bytes", "serve only the policy; senders read at most 64 KiB"));
            return null;
        }

        progress.Add(HttpsStep, CheckResult.Pass("https-size", $"{fetch.Body!.Length} bytes"));
        return Encoding.UTF8.GetString(fetch.Body);
    }

    private static StsPolicy? CheckSyntax(string text, CheckProgress progress)
    {
        var lint = PolicyLinter.Lint(text);
        var errors = lint.Errors.ToList();
        if (errors.Count > 0)
        {
            progress.Add(SyntaxStep, CheckResult.Fail("policy-syntax", string.Join("; ", errors.Take(3)), "fix the policy (run 'mtasts policy lint' on it)"));
            return null;
        }

        var warnings = lint.Warnings.ToList();
        progress.Add(SyntaxStep, warnings.Count > 0
            ? CheckResult.Warn("policy-syntax", $"mode {lint.Policy!.Mode.ToText()}, max_age {lint.Policy.MaxAgeSeconds}; " + string.Join("; ", warnings.Take(3)))
            : CheckResult.Pass("policy-syntax", $"mode {lint.Policy!.Mode.ToText()}, {lint.Policy.Mx.Count} mx, max_age {lint.Policy.MaxAgeSeconds}"));
        return lint.Policy;
    }

    private static void CheckCoverage(StsPolicy policy, IReadOnlyList<string> mxHosts, CheckProgress progress)
    {
        if (policy.Mode == PolicyMode.None)
        {
            progress.Add(CoverageStep, CheckResult.Pass("mx-coverage", "mode none: MX hosts are not checked by senders"));
            return;
        }

        if (mxHosts.Count == 0)
        {
            progress.Add(CoverageStep, CheckResult.Warn("mx-coverage", "the domain has no MX records", "publish MX records for the hosts that receive mail"));
            return;
        }

        var patterns = policy.Mx.Select(p => MxPattern.TryParse(p, out var pattern, out _) ? pattern : null).OfType<MxPattern>().ToList();
        foreach (var host in mxHosts)
        {
            if (patterns.Any(p => p.Matches(host)))
            {
                progress.Add(CoverageStep, CheckResult.Pass("mx-coverage", $"MX {host} is covered"));
                continue;
            }

            var trap = patterns.FirstOrDefault(p => p.IsWildcard && host.EndsWith("." + p.BaseName, StringComparison.OrdinalIgnoreCase));
            progress.Add(CoverageStep, trap is not null
                ? CheckResult.Fail("mx-coverage", $"MX {host} is more than one label below {trap.Value}; a wildcard covers exactly one label", $"add 'mx: {host}' or 'mx: *.{host[(host.IndexOf('.', StringComparison.Ordinal) + 1)..]}'")
                : CheckResult.Fail("mx-coverage", $"MX {host} is not covered by the policy; in enforce mode senders will not deliver to it", $"add 'mx: {host}' to the policy"));
        }

        foreach (var unused in patterns.Where(p => !mxHosts.Any(p.Matches)))
        {
            progress.Add(CoverageStep, CheckResult.Warn("mx-unused", $"policy mx '{unused.Value}' matches no MX record", "remove it if it is left over, or publish the MX it is for"));
        }
    }

    private static async Task CheckTlsRptAsync(DnsLookup dns, string domain, CheckProgress progress, CancellationToken cancellationToken)
    {
        var name = "_smtp._tls." + domain;
        var (records, _) = await dns.TxtAsync(name, cancellationToken).ConfigureAwait(false);
        var result = TlsRptRecordParser.ParseRecordSet(records);
        progress.Add(TlsRptStep, result switch
        {
            { IsValid: true } => CheckResult.Pass("tlsrpt-record", $"{name}: reports to {string.Join(", ", result.Record!.ReportingUris)}"),
            { Found: false } => CheckResult.Warn("tlsrpt-record", $"{name}: no TLS reporting record", $"add {name} TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@{domain}\" to learn about failures"),
            _ => CheckResult.Fail("tlsrpt-record", $"{name}: {result.Error}", "fix the record: \"v=TLSRPTv1; rua=mailto:...\" or rua=https://..."),
        });
    }
}
