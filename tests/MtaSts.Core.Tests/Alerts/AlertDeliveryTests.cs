using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Alerts;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Alerts;

/// <summary>The outbox against a real local receiver: signed bodies, retries with backoff, nothing lost, nothing sent twice.</summary>
public sealed class AlertDeliveryTests : IDisposable
{
    private const string Secret = "a-secret-of-16-chars";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryAlertStore store = new();
    private readonly WebhookReceiver receiver = new();
    private readonly AlertOptions settings;
    private readonly WebhookSender sender;

    public AlertDeliveryTests()
    {
        settings = new AlertOptions { Webhooks = [receiver.Url], WebhookSecret = Secret, AllowPrivateTargets = true, MaxDeliveryHours = 2 };
        sender = new WebhookSender(Options.Create(settings));
    }

    public void Dispose()
    {
        sender.Dispose();
        receiver.Dispose();
    }

    private AlertService Alerts() => new(store, Options.Create(settings), time, NullLogger<AlertService>.Instance);

    private AlertDispatcher Dispatcher() => new(store, sender, Options.Create(settings), time, NullLogger<AlertDispatcher>.Instance);

    [Fact]
    public async Task A_notice_is_delivered_once_with_a_valid_signature_over_the_raw_body()
    {
        await Alerts().RaiseAsync(null, "example.com", AlertConditions.UncoveredMx, "mx2.example.com is not covered", default);

        var summary = await Dispatcher().DeliverAsync(default);
        await Dispatcher().DeliverAsync(default);

        Assert.Equal(new DeliverySummary(1, 1, 0, 0), summary);
        var request = Assert.Single(receiver.Requests);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Signature);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("example.com", "uncovered-mx", "open", "mx2.example.com is not covered"), (body.GetProperty("tenant").GetString(), body.GetProperty("condition").GetString(), body.GetProperty("state").GetString(), body.GetProperty("text").GetString()));
        Assert.Equal(body.GetProperty("id").GetString(), request.Delivery);
        Assert.Equal(DeliveryStatus.Delivered, Assert.Single(store.Notices).Status);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_with_doubling_waits_and_gets_the_same_bytes_when_it_recovers()
    {
        receiver.FailuresLeft = 3;
        await Alerts().RaiseAsync(null, "example.com", AlertConditions.Certificate, "expiring", default);
        var dispatcher = Dispatcher();

        Assert.Equal(1, (await dispatcher.DeliverAsync(default)).Retrying);
        Assert.Equal(0, (await dispatcher.DeliverAsync(default)).Due); // not before its wait
        foreach (var wait in new[] { 1, 2 })
        {
            time.Advance(TimeSpan.FromMinutes(wait));
            Assert.Equal(1, (await dispatcher.DeliverAsync(default)).Retrying);
        }

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, (await dispatcher.DeliverAsync(default)).Delivered);

        Assert.Equal(4, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => Convert.ToHexString(r.Body)).Distinct());
        Assert.Single(receiver.Requests.Select(r => r.Signature).Distinct());
        var notice = Assert.Single(store.Notices);
        Assert.Equal((DeliveryStatus.Delivered, 4), (notice.Status, notice.Attempts));
    }

    [Fact]
    public async Task A_receiver_that_never_recovers_is_given_up_after_the_limit_and_kept_in_the_history()
    {
        receiver.FailuresLeft = int.MaxValue;
        await Alerts().RaiseAsync(null, "example.com", AlertConditions.Certificate, "expiring", default);
        var dispatcher = Dispatcher();
        for (var i = 0; i < 20 && store.Notices[0].Status == DeliveryStatus.Pending; i++)
        {
            await dispatcher.DeliverAsync(default);
            time.Advance(TimeSpan.FromMinutes(61));
        }

        var notice = Assert.Single(store.Notices);
        Assert.Equal(DeliveryStatus.Failed, notice.Status);
        Assert.Contains("503", notice.LastError, StringComparison.Ordinal);
    }

    /// <summary>A delivery leased by one instance is not sent by another until the lease has passed.</summary>
    [Fact]
    public async Task A_leased_delivery_is_not_sent_twice()
    {
        await Alerts().RaiseAsync(null, "example.com", AlertConditions.Certificate, "expiring", default);
        var due = Assert.Single(await store.DueAsync(time.GetUtcNow(), 10, default));
        var leased = await store.UpdateAsync(due with { NextAttemptAt = time.GetUtcNow().AddMinutes(2) }, default); // another instance took it

        Assert.NotNull(leased);
        Assert.Null(await store.UpdateAsync(due with { NextAttemptAt = time.GetUtcNow().AddMinutes(2) }, default));
        Assert.Equal(0, (await Dispatcher().DeliverAsync(default)).Due);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Private_addresses_are_refused_unless_allowed_and_unsigned_notices_are_never_sent()
    {
        using var strict = new WebhookSender(Options.Create(new AlertOptions { WebhookSecret = Secret }));
        Assert.Contains("not a global unicast address", await strict.SendAsync(receiver.Url, "id", "{}", default), StringComparison.Ordinal);

        using var unsigned = new WebhookSender(Options.Create(new AlertOptions { AllowPrivateTargets = true }));
        Assert.Contains("Alerts:WebhookSecret", await unsigned.SendAsync(receiver.Url, "id", "{}", default), StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T/B/X", true)]
    [InlineData("http://127.0.0.1:8080/hook", true)]
    [InlineData("http://hooks.example/hook", false)]
    [InlineData("https://user:pw@hooks.example/hook", false)]
    [InlineData("ftp://hooks.example/", false)]
    [InlineData("hooks.example/hook", false)]
    public void Webhook_addresses_are_https_or_loopback_http_without_credentials(string url, bool valid)
    {
        Assert.Equal(valid, WebhookAddress.TryRead(url, out _, out _));
    }
}
