using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Readiness;
using MtaSts.Core.Reports;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Alerts;

/// <summary>The service-wide refusal alert: counted per UTC hour, opened once past the threshold, resolved once quiet.</summary>
public sealed class IngestAlertsTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryAlertStore store = new();
    private readonly IngestAlerts ingestAlerts;

    public IngestAlertsTests()
    {
        var options = Options.Create(new AlertOptions { RefusalsPerHour = 5 });
        var alerts = new AlertService(store, options, time, NullLogger<AlertService>.Instance);
        var reports = new InMemoryTlsReportStore();
        var conditions = new TenantConditions(alerts, store, reports, options, Options.Create(new ReadinessOptions()), Options.Create(new ReportOptions()), time);
        ingestAlerts = new IngestAlerts(new InMemoryTenantStore(), conditions, alerts, store, options, time);
    }

    private async Task<bool> IsOpenAsync() => (await store.GetAsync(AlertConditions.ServiceTenant, AlertConditions.RefusalsSpike, default))?.IsOpen == true;

    [Fact]
    public async Task Refusals_past_the_hourly_threshold_open_one_alert_and_a_quiet_spell_resolves_it()
    {
        for (var i = 0; i < 5; i++)
        {
            await ingestAlerts.RefusedAsync(ReportRefusedException.NoTenant, default);
        }

        Assert.False(await IsOpenAsync());
        for (var i = 0; i < 20; i++)
        {
            await ingestAlerts.RefusedAsync(ReportRefusedException.NoTenant, default);
        }

        Assert.True(await IsOpenAsync());
        Assert.Single(store.Notices);

        // A new hour starts a new count; two quiet hours later the daily run resolves it.
        time.Advance(TimeSpan.FromHours(1));
        await ingestAlerts.RefusedAsync(ReportRefusedException.NoTenant, default);
        await ingestAlerts.SettleAsync(default);
        Assert.True(await IsOpenAsync());
        time.Advance(TimeSpan.FromHours(2));
        await ingestAlerts.SettleAsync(default);
        Assert.False(await IsOpenAsync());
        Assert.Equal([AlertState.Open, AlertState.Resolved], store.Notices.OrderBy(n => n.CreatedAt).Select(n => n.State));
    }
}
