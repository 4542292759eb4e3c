namespace MtaSts.Core.Alerts;

/// <summary>An alert's state: <see cref="Open"/> while its condition holds, <see cref="Resolved"/> once it cleared.</summary>
public static class AlertState
{
    public const string Open = "open";
    public const string Resolved = "resolved";
}
