using System.Globalization;
using Microsoft.Extensions.Options;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Alerts;

/// <summary>
/// The alert conditions evaluated after each ingest: the report conditions of each tenant a report was stored for
/// (<see cref="TenantConditions.ReportsAsync"/>, so <c>enforce-failures</c> is told at once), and the service-wide
/// <c>refusals-spike</c>: refusals are counted per UTC hour, and every refusal past <c>Alerts:RefusalsPerHour</c> raises it
/// (told once; a raise that fails is made again by the next refusal); the daily evaluation resolves it two hours after
/// the last hour over the threshold.
/// </summary>
public sealed class IngestAlerts(ITenantStore tenants, TenantConditions conditions, AlertService alerts, IAlertStore store, IOptions<AlertOptions> options, TimeProvider time) : IIngestObserver
{
    public async Task IngestedAsync(IReadOnlyList<string> domains, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domains);
        foreach (var domain in domains.Take(10))
        {
            if (await tenants.GetAsync(domain, cancellationToken).ConfigureAwait(false) is { } tenant)
            {
                await conditions.ReportsAsync(tenant, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task RefusedAsync(string code, CancellationToken cancellationToken)
    {
        var count = await store.IncrementAsync(AlertConditions.ServiceTenant, HourKey(time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (count > options.Value.RefusalsPerHour)
        {
            await alerts.RaiseAsync(null, AlertConditions.ServiceTenant, AlertConditions.RefusalsSpike, string.Create(CultureInfo.InvariantCulture, $"more than {options.Value.RefusalsPerHour} reports were refused in the hour from {time.GetUtcNow():yyyy-MM-dd HH}:00 UTC (Alerts:RefusalsPerHour); the latest reason: {code}. See the tlsrpt-rejected container's reason metadata."), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Resolves <c>refusals-spike</c> once two hours have passed without an hour over the threshold (each such hour updates the alert).</summary>
    public async Task SettleAsync(CancellationToken cancellationToken)
    {
        var alert = await store.GetAsync(AlertConditions.ServiceTenant, AlertConditions.RefusalsSpike, cancellationToken).ConfigureAwait(false);
        if (alert is { IsOpen: true } && time.GetUtcNow() - alert.UpdatedAt > TimeSpan.FromHours(2))
        {
            await alerts.ResolveAsync(null, AlertConditions.ServiceTenant, AlertConditions.RefusalsSpike, "report refusals are back under Alerts:RefusalsPerHour", cancellationToken).ConfigureAwait(false);
        }
    }

    private static string HourKey(DateTimeOffset at) => "refusals|" + at.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
}
