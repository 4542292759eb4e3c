namespace MtaSts.Core.Alerts;

/// <summary>
/// <c>Alerts:</c> settings: where alerts go (<see cref="Webhooks"/>, signed with <see cref="WebhookSecret"/>), how
/// deliveries are retried, and the thresholds of the conditions (README: "Alerts").
/// </summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary><c>Alerts:Webhooks</c>: the receivers of every tenant's alerts (<c>Alerts__Webhooks__0</c>, ...); a tenant's <c>alertWebhooks</c> replace them for it.</summary>
    public string[] Webhooks { get; set; } = [];

    /// <summary><c>Alerts:WebhookSecret</c>: the HMAC-SHA256 key of <c>X-MtaSts-Signature</c> (a Key Vault reference in Azure). Required when any webhook is set.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Lets webhooks reach addresses that are not global unicast (loopback, private networks): for local receivers and tests only.</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>A delivery that has failed for this long is given up (kept in the history as <c>failed</c>).</summary>
    public int MaxDeliveryHours { get; set; } = 72;

    /// <summary>Longest wait between two delivery attempts; the waits double from one minute up to it.</summary>
    public int MaxBackoffMinutes { get; set; } = 60;

    /// <summary>How long a webhook may take to answer.</summary>
    public int WebhookTimeoutSeconds { get; set; } = 10;

    /// <summary>An open alert is notified again after this many hours if it is still open (at most daily by default).</summary>
    public int RenotifyHours { get; set; } = 24;

    /// <summary>Failure rate on a tenant's own MX hosts (failed / all sessions of a day, evidence only) that opens <c>failure-rate</c>.</summary>
    public double FailureRate { get; set; } = 0.05;

    /// <summary>A day's failed sessions above this multiple of the tenant's 14-day daily baseline open <c>failure-rate</c> too.</summary>
    public double BaselineFactor { get; set; } = 3;

    /// <summary>The baseline test needs at least this many failed sessions in the day, and <see cref="BaselineDays"/> days of reports before it.</summary>
    public int BaselineMinFailed { get; set; } = 10;

    /// <summary>Days with reports needed in the 13 days before for a baseline to mean something.</summary>
    public int BaselineDays { get; set; } = 7;

    /// <summary>Fewer sessions than this in a day are too few to judge a rate.</summary>
    public int MinSessions { get; set; } = 20;

    /// <summary>A reporting organization that sent every day for this many days ...</summary>
    public int SilentReporterActiveDays { get; set; } = 7;

    /// <summary>... and then nothing for this many days opens <c>silent-reporter</c>.</summary>
    public int SilentReporterQuietDays { get; set; } = 3;

    /// <summary>A certificate with fewer days left opens <c>certificate</c>.</summary>
    public int CertificateDays { get; set; } = 14;

    /// <summary>This many rotation failures in a row open <c>rotation-failing</c>.</summary>
    public int RotationFailures { get; set; } = 3;

    /// <summary>More refused reports than this in an hour (for the whole service) open <c>refusals-spike</c>.</summary>
    public int RefusalsPerHour { get; set; } = 200;

    /// <summary>Delivered and given-up notices are kept this many days.</summary>
    public int HistoryDays { get; set; } = 90;

    /// <summary>
    /// The secret is a Key Vault reference App Service could not resolve (no access yet, a vault outage): not a start-up
    /// error, which would stop policy serving too; notices are held (retried, then given up) with the reason instead.
    /// </summary>
    public bool IsUnresolvedReference => WebhookSecret?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Start-up validation: every problem, each naming its setting.</summary>
    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < Webhooks.Length; i++)
        {
            if (!WebhookAddress.TryRead(Webhooks[i], out _, out var problem))
            {
                yield return $"Alerts:Webhooks:{i} {problem}";
            }
        }

        if (Webhooks.Length > 16)
        {
            yield return "Alerts:Webhooks may list at most 16 URLs";
        }

        if (Webhooks.Length > 0 && string.IsNullOrEmpty(WebhookSecret))
        {
            yield return "Alerts:WebhookSecret is required when Alerts:Webhooks is set (receivers check X-MtaSts-Signature with it)";
        }

        if (WebhookSecret is { Length: > 0 and < 16 } && !IsUnresolvedReference)
        {
            yield return "Alerts:WebhookSecret must be at least 16 characters";
        }

        foreach (var (name, value, min, max) in new (string, double, double, double)[]
        {
            ("MaxDeliveryHours", MaxDeliveryHours, 1, 24 * 30),
            ("MaxBackoffMinutes", MaxBackoffMinutes, 1, 24 * 60),
            ("WebhookTimeoutSeconds", WebhookTimeoutSeconds, 1, 120),
            ("RenotifyHours", RenotifyHours, 1, 24 * 30),
            ("FailureRate", FailureRate, 0.0001, 1),
            ("BaselineFactor", BaselineFactor, 1, 1000),
            ("MinSessions", MinSessions, 1, 1_000_000_000),
            ("BaselineMinFailed", BaselineMinFailed, 1, 1_000_000_000),
            ("BaselineDays", BaselineDays, 1, 13),
            ("SilentReporterActiveDays", SilentReporterActiveDays, 1, 60),
            ("SilentReporterQuietDays", SilentReporterQuietDays, 1, 60),
            ("CertificateDays", CertificateDays, 1, 365),
            ("RotationFailures", RotationFailures, 1, 1000),
            ("RefusalsPerHour", RefusalsPerHour, 1, 1_000_000_000),
            ("HistoryDays", HistoryDays, 1, 3650),
        })
        {
            if (double.IsNaN(value) || value < min || value > max)
            {
                yield return $"Alerts:{name} must be between {min} and {max} (it is {value})";
            }
        }
    }
}
