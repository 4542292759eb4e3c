using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MtaSts.Core.Alerts;

/// <summary>
/// Delivers the outbox (timer <c>DeliverAlerts</c>, and right after each evaluation): each due delivery is leased
/// first (its next attempt moved past the send's time limit, on its ETag), so two instances never send it at once; then
/// sent; then marked delivered, or given the next attempt after a doubling wait (1 minute up to
/// <c>Alerts:MaxBackoffMinutes</c>), or given up after <c>Alerts:MaxDeliveryHours</c>. A crash between a receiver's
/// 2xx and the mark sends the notice again after the lease, with the same id and signature: delivery is at least once,
/// and the <c>X-MtaSts-Delivery</c> id lets a receiver drop the repeat.
/// </summary>
public sealed class AlertDispatcher(IAlertStore store, WebhookSender sender, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertDispatcher> logger, Telemetry.MtaStsMetrics? metrics = null)
{
    /// <summary>Deliveries attempted per run.</summary>
    public const int BatchSize = 100;

    private readonly AlertOptions settings = options.Value;

    public async Task<DeliverySummary> DeliverAsync(CancellationToken cancellationToken)
    {
        var due = await store.DueAsync(time.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false);
        int delivered = 0, retrying = 0, failed = 0;
        foreach (var delivery in due)
        {
            var lease = time.GetUtcNow() + TimeSpan.FromSeconds(settings.WebhookTimeoutSeconds + 60);
            var leased = await store.UpdateAsync(delivery with { NextAttemptAt = lease }, cancellationToken).ConfigureAwait(false);
            if (leased is null)
            {
                continue; // another instance has it
            }

            var error = await sender.SendAsync(leased.Url, leased.NoticeId, leased.Body, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var attempts = leased.Attempts + 1;
            NoticeDelivery next;
            if (error is null)
            {
                next = leased with { Status = DeliveryStatus.Delivered, Attempts = attempts, DeliveredAt = now, LastError = null };
                delivered++;
                metrics?.Delivery("delivered");
            }
            else if (now - leased.CreatedAt >= TimeSpan.FromHours(settings.MaxDeliveryHours))
            {
                next = leased with { Status = DeliveryStatus.Failed, Attempts = attempts, LastError = error };
                failed++;
                metrics?.Delivery("failed");
                logger.LogError("Alert notice {Notice} to {Receiver} given up after {Attempts} attempts: {Error}", leased.NoticeId, NoticeView.Of(leased).Receiver, attempts, error);
            }
            else
            {
                next = leased with { Attempts = attempts, LastError = error, NextAttemptAt = now + Backoff(attempts) };
                retrying++;
                metrics?.Delivery("retrying");
                logger.LogWarning("Alert notice {Notice} to {Receiver} failed (attempt {Attempts}): {Error}", leased.NoticeId, NoticeView.Of(leased).Receiver, attempts, error);
            }

            if (await store.UpdateAsync(next, cancellationToken).ConfigureAwait(false) is null)
            {
                logger.LogWarning("Alert notice {Notice}: its outcome could not be recorded (changed meanwhile)", leased.NoticeId);
            }
        }

        return new DeliverySummary(due.Count, delivered, retrying, failed);
    }

    /// <summary>The wait after <paramref name="attempts"/> failures: 1, 2, 4, ... minutes, at most <c>Alerts:MaxBackoffMinutes</c>.</summary>
    public TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(settings.MaxBackoffMinutes, Math.Pow(2, Math.Clamp(attempts - 1, 0, 20))));
}
