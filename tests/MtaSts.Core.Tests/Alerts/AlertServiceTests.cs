using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Alerts;

/// <summary>One alert per (tenant, condition): opened and resolved with one notice each, re-notified at most daily, events each time.</summary>
public sealed class AlertServiceTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryAlertStore store = new();

    private AlertService Service(params string[] webhooks) =>
        new(store, Options.Create(new AlertOptions { Webhooks = webhooks, WebhookSecret = "a-secret-of-16-chars" }), time, NullLogger<AlertService>.Instance);

    [Fact]
    public async Task Opening_notifies_once_each_webhook_and_keeping_it_open_does_not_notify_again_within_a_day()
    {
        var alerts = Service("https://hooks.example/a", "https://hooks.example/b");

        Assert.True(await alerts.RaiseAsync(null, "example.com", AlertConditions.UncoveredMx, "mx2 uncovered", default));
        Assert.False(await alerts.RaiseAsync(null, "example.com", AlertConditions.UncoveredMx, "mx2 uncovered", default));
        time.Advance(TimeSpan.FromHours(23));
        Assert.False(await alerts.RaiseAsync(null, "example.com", AlertConditions.UncoveredMx, "mx2 and mx3 uncovered", default));

        Assert.Equal(2, store.Notices.Count);
        Assert.Equal(["https://hooks.example/a", "https://hooks.example/b"], store.Notices.Select(n => n.Url).Order());
        Assert.Single(store.Notices.Select(n => n.Body).Distinct());
        Assert.Equal("mx2 and mx3 uncovered", (await store.GetAsync("example.com", AlertConditions.UncoveredMx, default))!.Text);

        time.Advance(TimeSpan.FromHours(1));
        Assert.True(await alerts.RaiseAsync(null, "example.com", AlertConditions.UncoveredMx, "mx2 and mx3 uncovered", default));
        Assert.Equal(4, store.Notices.Count);
    }

    [Fact]
    public async Task Resolving_an_open_alert_notifies_once_and_resolving_a_closed_one_does_nothing()
    {
        var alerts = Service("https://hooks.example/a");
        Assert.False(await alerts.ResolveAsync(null, "example.com", AlertConditions.Certificate, "fine", default));
        await alerts.RaiseAsync(null, "example.com", AlertConditions.Certificate, "expiring", default);

        Assert.True(await alerts.ResolveAsync(null, "example.com", AlertConditions.Certificate, "renewed", default));
        Assert.False(await alerts.ResolveAsync(null, "example.com", AlertConditions.Certificate, "renewed", default));

        var bodies = store.Notices.OrderBy(n => n.CreatedAt).Select(n => JsonDocument.Parse(n.Body).RootElement).ToArray();
        Assert.Equal(["open", "resolved"], bodies.Select(b => b.GetProperty("state").GetString()).Order());
        Assert.All(bodies, b => Assert.Equal("example.com", b.GetProperty("tenant").GetString()));
        Assert.All(bodies, b => Assert.Equal("certificate", b.GetProperty("condition").GetString()));
        Assert.Contains(bodies, b => b.GetProperty("text").GetString() == "renewed");
        Assert.False((await store.GetAsync("example.com", AlertConditions.Certificate, default))!.IsOpen);
    }

    [Fact]
    public async Task An_alert_that_reopens_notifies_again()
    {
        var alerts = Service("https://hooks.example/a");
        await alerts.RaiseAsync(null, "example.com", AlertConditions.FailureRate, "5 %", default);
        time.Advance(TimeSpan.FromMinutes(1));
        await alerts.ResolveAsync(null, "example.com", AlertConditions.FailureRate, "ok", default);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await alerts.RaiseAsync(null, "example.com", AlertConditions.FailureRate, "6 %", default));
        Assert.Equal(3, store.Notices.Count);
        Assert.Equal(time.GetUtcNow(), (await store.GetAsync("example.com", AlertConditions.FailureRate, default))!.OpenedAt);
    }

    [Fact]
    public async Task Events_notify_each_time_and_close_without_a_resolved_notice()
    {
        var alerts = Service("https://hooks.example/a");
        Assert.True(await alerts.RaiseAsync(null, "example.com", AlertConditions.Promoted, "promoted", default));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await alerts.RaiseAsync(null, "example.com", AlertConditions.Promoted, "promoted again", default));
        Assert.False(await alerts.ResolveAsync(null, "example.com", AlertConditions.Promoted, "done", default));

        Assert.Equal(2, store.Notices.Count);
        Assert.All(store.Notices, n => Assert.Equal(AlertState.Open, n.State));
    }

    [Fact]
    public async Task Without_a_webhook_the_notice_is_kept_in_the_history_only()
    {
        await Service().RaiseAsync(null, "example.com", AlertConditions.UncoveredMx, "mx2 uncovered", default);

        var notice = Assert.Single(store.Notices);
        Assert.Equal((DeliveryStatus.NoReceiver, string.Empty), (notice.Status, notice.Url));
    }

    [Fact]
    public async Task A_tenant_s_own_webhooks_replace_the_service_wide_ones()
    {
        var tenant = Tenants.Tenant.Create("example.com", MtaSts.Core.Tests.Support.Policies.Testing(), time.GetUtcNow()) with { Automation = new Tenants.TenantAutomation(false, false, ["https://tenant.example/hook"]) };

        await Service("https://hooks.example/a").RaiseAsync(tenant, tenant.Domain, AlertConditions.UncoveredMx, "x", default);

        Assert.Equal("https://tenant.example/hook", Assert.Single(store.Notices).Url);
    }

    /// <summary>Two evaluators that see the same condition at once notify once between them (the alert's ETag decides).</summary>
    [Fact]
    public async Task Concurrent_evaluators_notify_once()
    {
        var alerts = Service("https://hooks.example/a");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => alerts.RaiseAsync(null, "example.com", AlertConditions.UncoveredMx, "x", default))));

        Assert.Equal(1, results.Count(r => r));
        Assert.Single(store.Notices);
    }

    /// <summary>Review of #13: an anonymous report's organization name reaches alert texts; it must not ping a Slack channel or link anywhere.</summary>
    [Fact]
    public async Task Names_others_chose_cannot_become_chat_markup()
    {
        await Service("https://hooks.example/a").RaiseAsync(null, "example.com", AlertConditions.SilentReporter, "<!channel> <https://evil.example|click> & co stopped", default);

        var text = JsonDocument.Parse(Assert.Single(store.Notices).Body).RootElement.GetProperty("text").GetString();
        Assert.Equal("&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co stopped", text);

        await Service("https://hooks.example/a").RaiseAsync(null, "example.com", AlertConditions.FailureRate, "[fix it here](https://evil.example)", default);
        Assert.Contains(store.Notices, n => JsonDocument.Parse(n.Body).RootElement.GetProperty("text").GetString() == "[fix it here] (https://evil.example)");
    }

    /// <summary>An event told "once since" its change: by the run that made the change, or by a later one if that telling was lost, never by both.</summary>
    [Fact]
    public async Task An_event_told_once_since_its_change_is_told_once_even_by_racing_runs()
    {
        var alerts = Service("https://hooks.example/a");
        var subject = AlertConditions.PolicyVersionSubject(7);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => alerts.RaiseOnceAsync(null, "example.com", AlertConditions.Promoted, "promoted", subject, default))));
        time.Advance(TimeSpan.FromDays(2));
        var later = await alerts.RaiseOnceAsync(null, "example.com", AlertConditions.Promoted, "promoted", subject, default);
        var next = await alerts.RaiseOnceAsync(null, "example.com", AlertConditions.Promoted, "promoted again", AlertConditions.PolicyVersionSubject(9), default);

        Assert.Equal(1, results.Count(r => r));
        Assert.False(later);
        Assert.True(next);
        Assert.Equal(2, store.Notices.Count);
    }

    [Fact]
    public async Task Good_news_and_notices_are_told_once_however_long_they_stay_open()
    {
        var alerts = Service("https://hooks.example/a");
        foreach (var condition in new[] { AlertConditions.Ready, AlertConditions.UnusedMxPattern })
        {
            await alerts.RaiseAsync(null, "example.com", condition, "x", default);
            time.Advance(TimeSpan.FromDays(3));
            Assert.False(await alerts.RaiseAsync(null, "example.com", condition, "x", default));
        }

        Assert.Equal(2, store.Notices.Count);
    }

    [Fact]
    public async Task Long_texts_are_clipped()
    {
        await Service("https://hooks.example/a").RaiseAsync(null, "example.com", AlertConditions.UncoveredMx, new string('x', 10_000), default);

        Assert.Equal(AlertService.MaxTextLength, (await store.GetAsync("example.com", AlertConditions.UncoveredMx, default))!.Text.Length);
    }
}
