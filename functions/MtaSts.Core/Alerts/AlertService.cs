using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Alerts;

/// <summary>
/// Opens and resolves alerts, one per (tenant, condition), and queues their notices. Opening an alert that is not open
/// notifies at once; an alert of a problem that stays open is notified again at most every <c>Alerts:RenotifyHours</c>
/// (its text is kept current meanwhile; <c>ready</c> and <c>unused-mx-pattern</c> are told once); resolving an open alert notifies that it cleared. Events (<see cref="AlertConditions.IsEvent"/>)
/// are notified each time they happen and need no resolution. Each change and its notices are one atomic write on the
/// alert's ETag, so two evaluators that see the same condition notify once between them.
/// </summary>
public sealed class AlertService(IAlertStore store, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertService> logger, Telemetry.MtaStsMetrics? metrics = null)
{
    /// <summary>The longest alert text kept and sent.</summary>
    public const int MaxTextLength = 2000;

    private const int Attempts = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Opens (or keeps open) <paramref name="condition"/> for <paramref name="tenant"/>; true when a notice was queued.</summary>
    public Task<bool> RaiseAsync(Tenant? tenant, string tenantName, string condition, string text, CancellationToken cancellationToken) =>
        ChangeAsync(tenantName, Webhooks(tenant), condition, Clip(text), open: true, cancellationToken);

    /// <summary>
    /// Tells an event about <paramref name="subject"/> (the policy version a promotion or sync made) unless it was told
    /// already: called right after the change it tells of, and again on every later run, so a notice lost to a crash
    /// between the change and this call is still sent, once.
    /// </summary>
    public Task<bool> RaiseOnceAsync(Tenant? tenant, string tenantName, string condition, string text, string subject, CancellationToken cancellationToken) =>
        ChangeAsync(tenantName, Webhooks(tenant), condition, Clip(text), open: true, cancellationToken, subject);

    /// <summary>Resolves <paramref name="condition"/> for the tenant if it is open; true when a notice was queued.</summary>
    public Task<bool> ResolveAsync(Tenant? tenant, string tenantName, string condition, string text, CancellationToken cancellationToken) =>
        ChangeAsync(tenantName, Webhooks(tenant), condition, Clip(text), open: false, cancellationToken);

    /// <summary>The receivers of a tenant's alerts: its own <c>alertWebhooks</c>, else <c>Alerts:Webhooks</c>.</summary>
    public IReadOnlyList<string> Webhooks(Tenant? tenant) =>
        tenant is { Automation.AlertWebhooks.Count: > 0 } ? tenant.Automation.AlertWebhooks : options.Value.Webhooks;

    private async Task<bool> ChangeAsync(string tenantName, IReadOnlyList<string> webhooks, string condition, string text, bool open, CancellationToken cancellationToken, string? subject = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryChangeAsync(tenantName, webhooks, condition, text, open, subject, cancellationToken).ConfigureAwait(false);
            }
            catch (AlertConflictException) when (attempt < Attempts)
            {
                logger.LogInformation("Alert {Condition} of {Tenant} changed concurrently; deciding again", condition, tenantName);
            }
        }
    }

    private async Task<bool> TryChangeAsync(string tenantName, IReadOnlyList<string> webhooks, string condition, string text, bool open, string? subject, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var existing = await store.GetAsync(tenantName, condition, cancellationToken).ConfigureAwait(false);
        if (subject is not null && existing?.Subject == subject)
        {
            return false; // told already (by us, or by a concurrent run that won)
        }

        var isEvent = AlertConditions.IsEvent(condition);
        Alert changed;
        bool notify;
        if (open)
        {
            if (existing is { IsOpen: true } && !isEvent)
            {
                notify = AlertConditions.Renotifies(condition) && now - existing.LastNotifiedAt >= TimeSpan.FromHours(options.Value.RenotifyHours);
                if (!notify && existing.Text == text)
                {
                    return false;
                }

                changed = existing with { Text = text, UpdatedAt = now, LastNotifiedAt = notify ? now : existing.LastNotifiedAt };
            }
            else
            {
                notify = true;
                changed = new Alert(tenantName, condition, AlertState.Open, text, now, now, now, null) { ETag = existing?.ETag, Subject = subject };
            }
        }
        else
        {
            if (existing is not { IsOpen: true })
            {
                return false;
            }

            notify = !isEvent;
            changed = existing with { State = AlertState.Resolved, Text = text, UpdatedAt = now, ResolvedAt = now, LastNotifiedAt = notify ? now : existing.LastNotifiedAt };
        }

        var notices = notify ? Notices(changed, webhooks, now) : [];
        await store.CommitAsync(changed, notices, cancellationToken).ConfigureAwait(false);
        if (notify)
        {
            metrics?.Alert(condition, changed.State);
            logger.LogWarning("Alert {Condition} of {Tenant} {State}: {Text}", condition, tenantName, changed.State, text);
        }

        return notify;
    }

    /// <summary>One delivery per webhook (or one kept in the history only, when there is none), all with the same body.</summary>
    private static NoticeDelivery[] Notices(Alert alert, IReadOnlyList<string> webhooks, DateTimeOffset now)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{alert.Tenant}\n{alert.Condition}\n{alert.State}\n{now.UtcTicks}"))))[..32];
        var body = JsonSerializer.Serialize(new AlertNotice(id, alert.Tenant, alert.Condition, alert.State, ForChat(alert.Text), now, alert.OpenedAt), Json);
        if (webhooks.Count == 0)
        {
            return [new NoticeDelivery(alert.Tenant, TableAlertStore.NoticeKey(now, alert.Condition, alert.State, 0), id, alert.Condition, alert.State, string.Empty, body, DeliveryStatus.NoReceiver, 0, now, now, null, null)];
        }

        return webhooks.Select((url, index) => new NoticeDelivery(alert.Tenant, TableAlertStore.NoticeKey(now, alert.Condition, alert.State, index), id, alert.Condition, alert.State, url, body, DeliveryStatus.Pending, 0, now, now, null, null)).ToArray();
    }

    /// <summary>
    /// The text as chat receivers display it: alert texts carry names others chose (reporting organizations, MX hosts),
    /// so the three characters Slack reads as markup (<c>&lt;!channel&gt;</c> mentions, <c>&lt;url|label&gt;</c> links) are
    /// escaped the way Slack documents (&amp;amp; &amp;lt; &amp;gt;), which Teams shows as the characters too, and a
    /// Markdown link (<c>[label](url)</c>, which Teams renders) is broken apart.
    /// </summary>
    public static string ForChat(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("](", "] (", StringComparison.Ordinal); // a Markdown link, which Teams would render, no longer is one
    }

    private static string Clip(string text) => text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…";
}
