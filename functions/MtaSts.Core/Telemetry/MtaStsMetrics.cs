using System.Diagnostics.Metrics;
using MtaSts.Core.Dns;

namespace MtaSts.Core.Telemetry;

/// <summary>
/// The counters an operator watches, on the <c>MtaSts</c> meter: policy requests by cache result (hit, miss, stale =
/// served from cache during a storage fault, unavailable), rotation outcomes per run (published, waiting = pending,
/// failed, verified, repaired, retired), reports by outcome (stored, duplicate, refused with a reason), alert notices by
/// condition and state, webhook deliveries by outcome (delivered, retrying, failed), MX watcher checks by outcome
/// (unchanged, changed, failed) and readiness evaluations by verdict.
/// </summary>
public sealed class MtaStsMetrics : IDisposable
{
    public const string MeterName = "MtaSts";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> policyRequests;
    private readonly Counter<long> rotations;
    private readonly Counter<long> reports;
    private readonly Counter<long> alerts;
    private readonly Counter<long> deliveries;
    private readonly Counter<long> mxChecks;
    private readonly Counter<long> readiness;

    public MtaStsMetrics()
    {
        policyRequests = meter.CreateCounter<long>("mtasts.policy.requests", description: "Policy requests answered, by cache result");
        rotations = meter.CreateCounter<long>("mtasts.rotation.tenants", description: "Tenants per rotation run, by outcome");
        reports = meter.CreateCounter<long>("mtasts.reports", description: "TLS reports, by outcome and refusal reason");
        alerts = meter.CreateCounter<long>("mtasts.alerts", description: "Alert notices queued, by condition and state");
        deliveries = meter.CreateCounter<long>("mtasts.alert.deliveries", description: "Webhook delivery attempts, by outcome");
        mxChecks = meter.CreateCounter<long>("mtasts.mx.checks", description: "MX watcher checks, by outcome");
        readiness = meter.CreateCounter<long>("mtasts.readiness", description: "Readiness evaluations, by verdict");
    }

    /// <summary>The meter these counters are on (a listener may follow this instance only).</summary>
    public Meter Meter => meter;

    public void PolicyRequest(string result) => policyRequests.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Rotation(RotationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        foreach (var (outcome, count) in new[]
        {
            ("published", summary.Published), ("waiting", summary.Waiting), ("failed", summary.Failed),
            ("verified", summary.Verified), ("repaired", summary.Repaired), ("retired", summary.Retired),
        })
        {
            rotations.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void Report(string outcome, long count = 1, string? reason = null) =>
        reports.Add(count, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("reason", reason ?? "none"));

    public void Alert(string condition, string state) =>
        alerts.Add(1, new KeyValuePair<string, object?>("condition", condition), new KeyValuePair<string, object?>("state", state));

    public void Delivery(string outcome) => deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void MxCheck(string outcome) => mxChecks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Readiness(string verdict) => readiness.Add(1, new KeyValuePair<string, object?>("verdict", verdict));

    public void Dispose() => meter.Dispose();
}
