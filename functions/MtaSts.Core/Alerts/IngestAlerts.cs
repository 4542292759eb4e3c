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
    /// <summary>The hour this instance raised <c>refusals-spike</c> for, so a spike costs one alert read per hour, not one per refusal.</summary>
    private string? raisedFor;

    public async Task IngestedAsync(IReadOnlyList<string> domains, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domains);
        foreach (var domain in domains.Take(10))
        {
            // Only active tenants: one that is offboarding has its alerts closed and is no longer watched.
            if (await tenants.GetAsync(domain, cancellationToken).ConfigureAwait(false) is { State: TenantState.Active } tenant)
            {
                await conditions.ReportsAsync(tenant, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task RefusedAsync(string code, CancellationToken cancellationToken)
    {
        var hour = HourKey(time.GetUtcNow());
        var count = await store.IncrementAsync(AlertConditions.ServiceTenant, hour, cancellationToken).ConfigureAwait(false);
        if (count > options.Value.RefusalsPerHour && Volatile.Read(ref raisedFor) != hour)
        {
            // Once per hour and instance once it succeeded; a raise that failed is made again by the next refusal.
            await alerts.RaiseAsync(null, AlertConditions.ServiceTenant, AlertConditions.RefusalsSpike, string.Create(CultureInfo.InvariantCulture, $"more than {options.Value.RefusalsPerHour} reports were refused in the hour from {time.GetUtcNow():yyyy-MM-dd HH}:00 UTC (Alerts:RefusalsPerHour), the first over it for {code}. See the tlsrpt-rejected container's reason metadata."), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref raisedFor, hour);
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
