namespace MtaSts.DevHost.Hosting;

/// <summary>Settings under <c>DevHost</c>.</summary>
public sealed class DevHostOptions
{
    public const string Section = "DevHost";

    /// <summary><c>DevHost:FunctionKey</c>: the key for function-level routes; generated and printed when unset.</summary>
    public string? FunctionKey { get; set; }

    /// <summary><c>DevHost:BlobPollSeconds</c>: how often blob-triggered functions' containers are listed.</summary>
    public int BlobPollSeconds { get; set; } = 5;

    /// <summary><c>DevHost:DemoDomain</c>: a tenant seeded at start (empty for none).</summary>
    public string? DemoDomain { get; set; } = "example.com";

    /// <summary><c>DevHost:MetricsSeconds</c>: how often the OpenTelemetry console exporter prints the <c>MtaSts</c> meter.</summary>
    public int MetricsSeconds { get; set; } = 60;

    /// <summary><c>DevHost:RunTimers</c>: whether timer functions run on their schedule (the admin endpoint always works).</summary>
    public bool RunTimers { get; set; } = true;
}
