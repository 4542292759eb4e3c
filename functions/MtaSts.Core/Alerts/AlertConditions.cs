namespace MtaSts.Core.Alerts;

/// <summary>
/// The conditions an alert is raised for (README: "Alerts"). A tenant has at most one open alert per condition.
/// Conditions that are events (<see cref="IsEvent"/>) are notified once and close on their own a day later.
/// </summary>
public static class AlertConditions
{
    /// <summary>Failures on the tenant's own MX hosts above <c>Alerts:FailureRate</c> or 3× the 14-day baseline.</summary>
    public const string FailureRate = "failure-rate";

    /// <summary>A tenant in <c>enforce</c> has failures of a type that <c>enforce</c> turns into non-delivery.</summary>
    public const string EnforceFailures = "enforce-failures";

    /// <summary>A reporting organization sent daily for 7 days and then nothing for 3.</summary>
    public const string SilentReporter = "silent-reporter";

    /// <summary>A live MX host the policy does not cover: in <c>enforce</c>, mail to it bounces.</summary>
    public const string UncoveredMx = "uncovered-mx";

    /// <summary>A notice: an <c>mx</c> pattern that matches no live MX host.</summary>
    public const string UnusedMxPattern = "unused-mx-pattern";

    /// <summary>The <c>mta-sts</c> certificate failed, or expires within <c>Alerts:CertificateDays</c>.</summary>
    public const string Certificate = "certificate";

    /// <summary>The DNS id rotation failed <c>Alerts:RotationFailures</c> times in a row.</summary>
    public const string RotationFailing = "rotation-failing";

    /// <summary>Refused reports (all tenants) above <c>Alerts:RefusalsPerHour</c>; raised for the service, tenant <see cref="ServiceTenant"/>.</summary>
    public const string RefusalsSpike = "refusals-spike";

    /// <summary>Open while a tenant in <c>testing</c> is ready for <c>enforce</c>; its resolution says readiness was lost.</summary>
    public const string Ready = "ready";

    /// <summary>An event: the tenant was promoted to <c>enforce</c> (autoPromote).</summary>
    public const string Promoted = "promoted";

    /// <summary>An event: the MX watcher changed the tenant's <c>mx</c> list (mxSync: auto).</summary>
    public const string MxSynced = "mx-synced";

    /// <summary>The tenant name of alerts about the whole service.</summary>
    public const string ServiceTenant = "*";

    public static readonly IReadOnlyList<string> All = [FailureRate, EnforceFailures, SilentReporter, UncoveredMx, UnusedMxPattern, Certificate, RotationFailing, RefusalsSpike, Ready, Promoted, MxSynced];

    public static bool IsEvent(string condition) => condition is Promoted or MxSynced;

    /// <summary>The subject of an event about a policy change (<see cref="AlertService.RaiseOnceAsync"/>): the version it made.</summary>
    public static string PolicyVersionSubject(long policyVersion) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"policy version {policyVersion}");

    /// <summary>Whether an alert that stays open is told again (daily): problems are; good news and notices are told once.</summary>
    public static bool Renotifies(string condition) => condition is not (Ready or UnusedMxPattern) && !IsEvent(condition);
}
