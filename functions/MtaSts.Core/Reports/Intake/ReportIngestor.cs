using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Reports;

/// <summary>
/// Turns one received input into stored reports (RFC 8460): parse, map each policy domain to a tenant (policies for
/// other domains are skipped; an input with no tenant at all is refused), and store each report per tenant with its
/// provenance (<see cref="Provenance"/>), idempotently on (organization-name, report-id) and its content, whichever
/// channel it came through (<see cref="IngestPlanner"/>).
/// <para>
/// The two kinds of failure are kept apart: anything the input itself makes our code throw is a refusal (with reason
/// <c>parser-error</c> when it was not a deliberate one), so it is never retried; storage faults, and DKIM keys that
/// could not be fetched yet (<see cref="DkimTemporaryException"/>, for up to <c>Reports:TempErrorRetryHours</c>),
/// propagate so the input is tried again.
/// </para>
/// </summary>
public sealed class ReportIngestor(IReportInputParser parser, ITenantStore tenants, ITlsReportStore store, TimeProvider time, IOptions<ReportOptions> options, ILogger<ReportIngestor> logger)
{
    /// <summary>Failure-details rows stored per report and tenant; beyond, they are folded by result type and receiving MX.</summary>
    public const int MaxFailureRows = 100;

    /// <summary>Report days accepted: up to this many days ahead of today (UTC), and <c>Reports:MaxReportAgeDays</c> back.</summary>
    public const int FutureDays = 2;

    private readonly ReportOptions settings = options.Value;

    public Task<IngestResult> IngestAsync(ReadOnlyMemory<byte> content, string name, string channel, CancellationToken cancellationToken) =>
        IngestAsync(content, name, channel, null, cancellationToken);

    /// <summary>
    /// Ingests <paramref name="content"/> (named <paramref name="name"/>, received through <paramref name="channel"/>);
    /// <paramref name="receivedAt"/> is when it arrived (the inbox blob's creation), for the DKIM temporary-error window.
    /// </summary>
    public async Task<IngestResult> IngestAsync(ReadOnlyMemory<byte> content, string name, string channel, DateTimeOffset? receivedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (source, units) = await ReadAsync(content, name, channel, cancellationToken).ConfigureAwait(false);
        if (settings.Dkim == DkimMode.Require && source.Format != "email")
        {
            throw new ReportRefusedException($"Reports:Dkim is Require: reports must come by DKIM-signed e-mail, and this one is {source.Format} over {channel}") { Code = ReportRefusedException.Dkim };
        }

        if (source.Dkim?.Result == "temperror" && settings.TempErrorRetryHours > 0 && now - (receivedAt ?? now) < TimeSpan.FromHours(settings.TempErrorRetryHours))
        {
            throw new DkimTemporaryException($"the DKIM key could not be fetched yet ({source.Dkim.Detail}); the report is tried again");
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (units.FirstOrDefault(u => u.Report.Day < today.AddDays(-settings.MaxReportAgeDays) || u.Report.Day > today.AddDays(FutureDays)) is { } stale)
        {
            throw new ReportRefusedException($"the report's date range starts {stale.Report.Start:u}, more than {settings.MaxReportAgeDays} days ago (Reports:MaxReportAgeDays) or more than {FutureDays} days ahead");
        }

        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        var outcomes = new List<StoreOutcome>();
        foreach (var unit in units)
        {
            if (!known.TryGetValue(unit.Domain, out var isTenant))
            {
                isTenant = known[unit.Domain] = await tenants.GetAsync(unit.Domain, cancellationToken).ConfigureAwait(false) is not null;
            }

            if (isTenant)
            {
                outcomes.Add(await StoreAsync(unit, now, cancellationToken).ConfigureAwait(false));
            }
        }

        var tenantDomains = known.Where(k => k.Value).Select(k => k.Key).ToArray();
        var unknown = known.Where(k => !k.Value).Select(k => k.Key).ToArray();
        if (tenantDomains.Length == 0)
        {
            throw new ReportRefusedException($"no policy domain of the report is a tenant ({string.Join(", ", unknown.Take(10))})") { Code = ReportRefusedException.NoTenant };
        }

        if (outcomes.All(o => o == StoreOutcome.OverQuota))
        {
            throw new ReportRefusedException($"the tenant's day has no room left for this report (Reports:MaxReportsPerTenantDay {settings.MaxReportsPerTenantDay}, Reports:MaxReportsPerSignerDay {settings.MaxReportsPerSignerDay})") { Code = ReportRefusedException.Quota };
        }

        return new IngestResult(outcomes.Count(o => o == StoreOutcome.Stored), outcomes.Count(o => o == StoreOutcome.Duplicate), tenantDomains, unknown)
        {
            Conflicts = outcomes.Count(o => o == StoreOutcome.Conflict),
            OverQuota = outcomes.Count(o => o == StoreOutcome.OverQuota),
        };
    }

    /// <summary>Everything that depends only on the input: whatever it throws, other than a refusal, is a parser error.</summary>
    private async Task<(ReportSource Source, IReadOnlyList<Unit> Units)> ReadAsync(ReadOnlyMemory<byte> content, string name, string channel, CancellationToken cancellationToken)
    {
        try
        {
            var source = await parser.ParseAsync(content, name, cancellationToken).ConfigureAwait(false);
            var units = source.Reports
                .SelectMany(report => report.Policies.GroupBy(p => p.PolicyDomain, StringComparer.Ordinal).Select(policies => Unit.Of(source, report, policies.Key, [.. policies], channel, name)))
                .ToArray();
            return (source, units);
        }
        catch (Exception e) when (e is not (ReportRefusedException or OperationCanceledException))
        {
            logger.LogError(e, "The report parser failed on {Blob}: refused as parser-error", name);
            throw new ReportRefusedException($"our report parser failed on this input ({e.GetType().Name}: {e.Message})", e) { Code = ReportRefusedException.ParserError };
        }
    }

    private async Task<StoreOutcome> StoreAsync(Unit unit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreOutcome outcome;
        try
        {
            outcome = await store.AddAsync(unit.Candidate with { ReceivedAt = now }, unit.Failures, ReportQuota.From(settings), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 400)
        {
            logger.LogError(e, "Table storage refused what was made of report {ReportId} of {Organization}: refused as parser-error", unit.Report.ReportId, unit.Report.OrganizationName);
            throw new ReportRefusedException($"storage refused what was made of this input ({e.ErrorCode}: {e.Message})", e) { Code = ReportRefusedException.ParserError };
        }
        catch (Exception e) when (!IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            // Our planning code threw on this report (or on what is stored beside it): it would throw again on every retry.
            logger.LogError(e, "Storing report {ReportId} of {Organization} failed in our code: refused as parser-error", unit.Report.ReportId, unit.Report.OrganizationName);
            throw new ReportRefusedException($"our code failed storing this input ({e.GetType().Name}: {e.Message})", e) { Code = ReportRefusedException.ParserError };
        }

        if (outcome != StoreOutcome.Stored)
        {
            logger.LogInformation("Report {ReportId} of {Organization} for {Domain}: {Outcome}", unit.Report.ReportId, unit.Report.OrganizationName, unit.Domain, outcome);
        }

        return outcome;
    }

    /// <summary>
    /// Faults worth retrying: storage answers and transport failures (Azure.Core wraps those in
    /// <see cref="RequestFailedException"/>, or in an <see cref="AggregateException"/> once its retries are spent),
    /// timeouts and cancellation.
    /// </summary>
    private static bool IsTransient(Exception e) =>
        e is RequestFailedException or AggregateException or OperationCanceledException or TimeoutException or IOException or HttpRequestException or OutOfMemoryException or ObjectDisposedException;

    /// <summary>One report's part for one policy domain, ready to store.</summary>
    private sealed record Unit(string Domain, TlsReport Report, StoredReport Candidate, IReadOnlyList<StoredFailure> Failures)
    {
        public static Unit Of(ReportSource source, TlsReport report, string domain, IReadOnlyList<TlsReportPolicy> policies, string channel, string name)
        {
            var provenance = Provenance.Of(source, report, channel);
            var dkim = source.Dkim is { } verdict ? $"{verdict.Result}{(verdict.Domain is null ? string.Empty : " " + verdict.Domain)}" : null;
            var candidate = new StoredReport(
                domain,
                report.Day,
                ReportKey.For(report.OrganizationName, report.ReportId),
                StoredText.Clean(report.OrganizationName, StoredText.MaxName),
                StoredText.Clean(report.ReportId, StoredText.MaxName),
                report.Start,
                report.End,
                StoredText.Clean(report.ContactInfo, StoredText.MaxField),
                ReportContribution.Of(policies),
                channel,
                StoredText.Clean(name, StoredText.MaxField),
                default,
                provenance,
                source.Dkim is { Passed: true } ? StoredText.Clean(source.Dkim.Domain, StoredText.MaxHostName) : null,
                StoredText.Clean(dkim, StoredText.MaxField),
                ContentHash(report, policies));
            return new Unit(domain, report, candidate, FailureRows(policies.SelectMany(p => p.FailureDetails)));
        }

        /// <summary>A hash of what the report says for this tenant, length-prefixed field by field; unknown fields and free text are left out.</summary>
        private static string ContentHash(TlsReport report, IReadOnlyList<TlsReportPolicy> policies)
        {
            var text = new StringBuilder();
            void Add(object? value)
            {
                var s = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "\u2400";
                text.Append(s.Length).Append(':').Append(s).Append('|');
            }

            Add(report.OrganizationName);
            Add(report.ReportId);
            Add(report.Start.UtcTicks);
            Add(report.End.UtcTicks);
            foreach (var policy in policies)
            {
                Add(policy.PolicyType);
                Add(policy.PolicyDomain);
                Add(string.Join('\n', policy.PolicyStrings));
                Add(string.Join('\n', policy.MxHosts));
                Add(policy.SuccessfulSessions);
                Add(policy.FailedSessions);
                foreach (var detail in policy.FailureDetails)
                {
                    Add(detail.ResultType);
                    Add(detail.SendingMtaIp);
                    Add(detail.ReceivingMxHostname);
                    Add(detail.ReceivingMxHelo);
                    Add(detail.ReceivingIp);
                    Add(detail.FailedSessionCount);
                    Add(detail.FailureReasonCode);
                }
            }

            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }

        private static List<StoredFailure> FailureRows(IEnumerable<TlsFailureDetail> details)
        {
            var all = details.ToList();
            if (all.Count > MaxFailureRows)
            {
                all = all.GroupBy(d => (StoredText.Clean(d.ResultType, StoredText.MaxResultType), StoredText.Clean(d.ReceivingMxHostname, StoredText.MaxHostName)))
                    .Select(g => new TlsFailureDetail(g.Key.Item1, null, g.Key.Item2, null, null, SaturatingCount.Sum(g.Select(d => d.FailedSessionCount)), null, null, new Dictionary<string, System.Text.Json.JsonElement>()))
                    .OrderByDescending(d => d.FailedSessionCount)
                    .Take(MaxFailureRows)
                    .ToList();
            }

            return all.Select((d, i) => new StoredFailure(
                i,
                StoredText.Clean(d.ResultType, StoredText.MaxResultType),
                StoredText.Clean(d.ReceivingMxHostname, StoredText.MaxHostName),
                StoredText.Clean(d.SendingMtaIp, StoredText.MaxField),
                StoredText.Clean(d.ReceivingIp, StoredText.MaxField),
                StoredText.Clean(d.FailureReasonCode, StoredText.MaxField),
                d.FailedSessionCount)).ToList();
        }
    }
}
