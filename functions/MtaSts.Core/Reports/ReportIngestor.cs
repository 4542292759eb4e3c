using Microsoft.Extensions.Logging;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Reports;

/// <summary>
/// Turns one received input into stored reports (RFC 8460): parse, map each policy domain to a tenant (policies for
/// other domains are skipped; an input with no tenant at all is refused), store each report per tenant idempotently on
/// (organization-name, report-id), whichever channel it came through, and recompute the tenant's day.
/// </summary>
public sealed class ReportIngestor(ReportInputParser parser, ITenantStore tenants, ITlsReportStore store, TimeProvider time, ILogger<ReportIngestor> logger)
{
    /// <summary>More failure rows than this for one report and tenant are folded by result type and receiving MX.</summary>
    public const int MaxFailureRows = 1000;

    private const int MaxText = 512;

    public async Task<IngestResult> IngestAsync(ReadOnlyMemory<byte> content, string name, string channel, CancellationToken cancellationToken)
    {
        var source = await parser.ParseAsync(content, name, cancellationToken).ConfigureAwait(false);
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        var stored = 0;
        var duplicates = 0;
        foreach (var report in source.Reports)
        {
            foreach (var policies in report.Policies.GroupBy(p => p.PolicyDomain, StringComparer.Ordinal))
            {
                if (!known.TryGetValue(policies.Key, out var isTenant))
                {
                    isTenant = known[policies.Key] = await tenants.GetAsync(policies.Key, cancellationToken).ConfigureAwait(false) is not null;
                }

                if (!isTenant)
                {
                    continue;
                }

                var key = ReportKey.For(report.OrganizationName, report.ReportId);
                var row = new StoredReport(
                    policies.Key, report.Day, key, Clip(report.OrganizationName), Clip(report.ReportId), report.Start, report.End, Clip(report.ContactInfo),
                    policies.Sum(p => p.SuccessfulSessions), policies.Sum(p => p.FailedSessions), channel, name, time.GetUtcNow(),
                    source.Dkim is { } dkim ? $"{dkim.Result}{(dkim.Domain is null ? string.Empty : " " + dkim.Domain)}" : null);
                if (await store.AddAsync(row, FailureRows(row, policies.SelectMany(p => p.FailureDetails)), cancellationToken).ConfigureAwait(false))
                {
                    stored++;
                }
                else
                {
                    duplicates++;
                    logger.LogInformation("Report {ReportId} of {Organization} for {Domain} was already stored; counted once", report.ReportId, report.OrganizationName, policies.Key);
                }

                await store.RecomputeDayAsync(policies.Key, report.Day, cancellationToken).ConfigureAwait(false);
            }
        }

        var tenantDomains = known.Where(k => k.Value).Select(k => k.Key).ToArray();
        var unknown = known.Where(k => !k.Value).Select(k => k.Key).ToArray();
        if (tenantDomains.Length == 0)
        {
            throw new ReportRefusedException($"no policy domain of the report is a tenant ({string.Join(", ", unknown.Take(10))})") { Code = ReportRefusedException.NoTenant };
        }

        return new IngestResult(stored, duplicates, tenantDomains, unknown);
    }

    private static List<StoredFailure> FailureRows(StoredReport report, IEnumerable<TlsFailureDetail> details)
    {
        var all = details.ToList();
        if (all.Count > MaxFailureRows)
        {
            all = all.GroupBy(d => (Clip(d.ResultType), Clip(d.ReceivingMxHostname)))
                .Select(g => new TlsFailureDetail(g.Key.Item1, null, g.Key.Item2, null, null, g.Sum(d => d.FailedSessionCount), null, null, new Dictionary<string, System.Text.Json.JsonElement>()))
                .Take(MaxFailureRows)
                .ToList();
        }

        return all.Select((d, i) => new StoredFailure(
            report.Domain, report.Day, report.Key, i, report.OrganizationName, Clip(d.ResultType), Clip(d.ReceivingMxHostname),
            Clip(d.SendingMtaIp), Clip(d.ReceivingIp), Clip(d.FailureReasonCode), d.FailedSessionCount)).ToList();
    }

    /// <summary>Reports are hostile input: text stored in Table properties is bounded.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    private static string? Clip(string? text) => text is { Length: > MaxText } ? text[..MaxText] : text;
}
