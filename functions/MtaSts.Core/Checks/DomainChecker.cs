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
    public async Task<DomainCheckReport> CheckAsync(string domainInput, DomainCheckOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!DomainName.TryNormalize(domainInput?.Trim(), out var domain, out var error))
        {
            return new DomainCheckReport(domainInput ?? string.Empty, [CheckResult.Fail("domain", error, "give the mail domain, like example.com")]);
        }

        var dns = new DnsLookup(options.DnsServer, options.Timeout);
        var checks = new List<CheckResult>();
        try
        {
            return await CheckAsync(domain, dns, options, checks, cancellationToken).ConfigureAwait(false);
        }
        catch (DnsClient.DnsResponseException e)
        {
            checks.Add(CheckResult.Fail("dns", $"DNS lookups failed: {e.Message}", "check that the resolver answers and the domain's name servers respond"));
            return new DomainCheckReport(domain, checks);
        }
    }

    private static async Task<DomainCheckReport> CheckAsync(string domain, DnsLookup dns, DomainCheckOptions options, List<CheckResult> checks, CancellationToken cancellationToken)
    {
        var id = await CheckTxtAsync(dns, domain, checks, cancellationToken).ConfigureAwait(false);
        var policyText = await CheckFetchAsync(dns, domain, options, checks, cancellationToken).ConfigureAwait(false);
        StsPolicy? policy = null;
        if (policyText is not null)
        {
            policy = CheckSyntax(policyText, checks);
        }

        var mx = await dns.MxAsync(domain, cancellationToken).ConfigureAwait(false);
        if (policy is not null)
        {
            CheckCoverage(policy, mx, checks);
        }

        await CheckTlsRptAsync(dns, domain, checks, cancellationToken).ConfigureAwait(false);
        if (options.Smtp)
        {
            foreach (var host in mx)
            {
                checks.Add(await new SmtpStartTlsProbe(dns, options).ProbeAsync(host, cancellationToken).ConfigureAwait(false));
            }
        }

        return new DomainCheckReport(domain, checks, id, policyText);
    }

    private static async Task<string?> CheckTxtAsync(DnsLookup dns, string domain, List<CheckResult> checks, CancellationToken cancellationToken)
    {
        const string Check = "mta-sts-txt";
        var name = "_mta-sts." + domain;
        var (records, cnames) = await dns.TxtAsync(name, cancellationToken).ConfigureAwait(false);
        var via = cnames.Count == 0 ? string.Empty : $" (via CNAME {string.Join(" -> ", cnames)})";
        var result = StsTxtRecordParser.ParseRecordSet(records);
        switch (result.Status)
        {
            case StsTxtLookupStatus.Valid:
                checks.Add(CheckResult.Pass(Check, $"{name}{via}: v=STSv1; id={result.Record!.Id}"));
                return result.Record.Id;
            case StsTxtLookupStatus.MultipleRecords:
                checks.Add(CheckResult.Fail(Check, $"{name}{via}: {result.Error}", "delete all but one v=STSv1 record; senders ignore the domain's policy while there are two"));
                return null;
            case StsTxtLookupStatus.NoRecord when records.Any(r => r.Contains("v=STSv1", StringComparison.Ordinal)):
                checks.Add(CheckResult.Fail(Check, $"{name}{via}: 'v=STSv1' is not at the start of the record", "write the record as \"v=STSv1; id=<id>\" with v= first"));
                return null;
            case StsTxtLookupStatus.NoRecord:
                checks.Add(CheckResult.Fail(Check, $"{name}{via}: no v=STSv1 TXT record", $"create {name} TXT \"v=STSv1; id=<yyyyMMddHHmmss>\""));
                return null;
            default:
                checks.Add(CheckResult.Fail(Check, $"{name}{via}: {result.Error}", "fix the record: \"v=STSv1; id=<1-32 letters and digits>\""));
                return null;
        }
    }

    private static async Task<string?> CheckFetchAsync(DnsLookup dns, string domain, DomainCheckOptions options, List<CheckResult> checks, CancellationToken cancellationToken)
    {
        var host = PolicyHost.Prefix + domain;
        var fetch = await new PolicyFetcher(dns, options).FetchAsync(domain, cancellationToken).ConfigureAwait(false);
        if (fetch.CertificateProblems.Count > 0)
        {
            checks.Add(CheckResult.Fail("https-certificate", string.Join("; ", fetch.CertificateProblems), $"serve a valid, unexpired certificate for {host} from a public CA"));
            return null;
        }

        if (fetch.Error is not null)
        {
            checks.Add(CheckResult.Fail("https-fetch", fetch.Error, $"make https://{host}/.well-known/mta-sts.txt reachable"));
            return null;
        }

        checks.Add(CheckResult.Pass("https-certificate", $"valid for {host}"));
        switch (fetch.Status)
        {
            case >= 300 and < 400:
                checks.Add(CheckResult.Fail("https-status", $"{fetch.Status} redirect to {fetch.Location}", "serve the policy itself with 200: senders do not follow redirects (RFC 8461 §3.3)"));
                return null;
            case not 200:
                checks.Add(CheckResult.Fail("https-status", $"HTTP {fetch.Status}", "serve the policy at /.well-known/mta-sts.txt with status 200"));
                return null;
        }

        checks.Add(CheckResult.Pass("https-status", "200"));
        if (!string.Equals(fetch.ContentType, "text/plain", StringComparison.OrdinalIgnoreCase))
        {
            checks.Add(CheckResult.Fail("https-content-type", $"Content-Type is {fetch.ContentType ?? "missing"}", "serve the policy as text/plain"));
            return null;
        }

        checks.Add(CheckResult.Pass("https-content-type", "text/plain"));
        if (fetch.TooLarge)
        {
            checks.Add(CheckResult.Fail("https-size", $"the body is larger than {StsPolicy.MaxBodyBytes} bytes", "serve only the policy; senders read at most 64 KiB"));
            return null;
        }

        checks.Add(CheckResult.Pass("https-size", $"{fetch.Body!.Length} bytes"));
        return Encoding.UTF8.GetString(fetch.Body);
    }

    private static StsPolicy? CheckSyntax(string text, List<CheckResult> checks)
    {
        var lint = PolicyLinter.Lint(text);
        var errors = lint.Errors.ToList();
        if (errors.Count > 0)
        {
            checks.Add(CheckResult.Fail("policy-syntax", string.Join("; ", errors.Take(3)), "fix the policy (run 'mtasts policy lint' on it)"));
            return null;
        }

        var warnings = lint.Warnings.ToList();
        checks.Add(warnings.Count > 0
            ? CheckResult.Warn("policy-syntax", $"mode {lint.Policy!.Mode.ToText()}, max_age {lint.Policy.MaxAgeSeconds}; " + string.Join("; ", warnings.Take(3)))
            : CheckResult.Pass("policy-syntax", $"mode {lint.Policy!.Mode.ToText()}, {lint.Policy.Mx.Count} mx, max_age {lint.Policy.MaxAgeSeconds}"));
        return lint.Policy;
    }

    private static void CheckCoverage(StsPolicy policy, IReadOnlyList<string> mxHosts, List<CheckResult> checks)
    {
        if (policy.Mode == PolicyMode.None)
        {
            checks.Add(CheckResult.Pass("mx-coverage", "mode none: MX hosts are not checked by senders"));
            return;
        }

        if (mxHosts.Count == 0)
        {
            checks.Add(CheckResult.Warn("mx-coverage", "the domain has no MX records", "publish MX records for the hosts that receive mail"));
            return;
        }

        var patterns = policy.Mx.Select(p => MxPattern.TryParse(p, out var pattern, out _) ? pattern : null).OfType<MxPattern>().ToList();
        foreach (var host in mxHosts)
        {
            if (patterns.Any(p => p.Matches(host)))
            {
                checks.Add(CheckResult.Pass("mx-coverage", $"MX {host} is covered"));
                continue;
            }

            var trap = patterns.FirstOrDefault(p => p.IsWildcard && host.EndsWith("." + p.BaseName, StringComparison.OrdinalIgnoreCase));
            checks.Add(trap is not null
                ? CheckResult.Fail("mx-coverage", $"MX {host} is more than one label below {trap.Value}; a wildcard covers exactly one label", $"add 'mx: {host}' or 'mx: *.{host[(host.IndexOf('.', StringComparison.Ordinal) + 1)..]}'")
                : CheckResult.Fail("mx-coverage", $"MX {host} is not covered by the policy; in enforce mode senders will not deliver to it", $"add 'mx: {host}' to the policy"));
        }

        foreach (var unused in patterns.Where(p => !mxHosts.Any(p.Matches)))
        {
            checks.Add(CheckResult.Warn("mx-unused", $"policy mx '{unused.Value}' matches no MX record", "remove it if it is left over, or publish the MX it is for"));
        }
    }

    private static async Task CheckTlsRptAsync(DnsLookup dns, string domain, List<CheckResult> checks, CancellationToken cancellationToken)
    {
        var name = "_smtp._tls." + domain;
        var (records, _) = await dns.TxtAsync(name, cancellationToken).ConfigureAwait(false);
        var result = TlsRptRecordParser.ParseRecordSet(records);
        checks.Add(result switch
        {
            { IsValid: true } => CheckResult.Pass("tlsrpt-record", $"{name}: reports to {string.Join(", ", result.Record!.ReportingUris)}"),
            { Found: false } => CheckResult.Warn("tlsrpt-record", $"{name}: no TLS reporting record", $"add {name} TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@{domain}\" to learn about failures"),
            _ => CheckResult.Fail("tlsrpt-record", $"{name}: {result.Error}", "fix the record: \"v=TLSRPTv1; rua=mailto:...\" or rua=https://..."),
        });
    }
}
