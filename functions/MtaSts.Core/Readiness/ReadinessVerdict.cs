namespace MtaSts.Core.Readiness;

/// <summary>The verdict, and each criterion's status.</summary>
public static class ReadinessVerdict
{
    /// <summary>Every criterion is met: <c>enforce</c> is safe on the evidence.</summary>
    public const string Ready = "ready";

    /// <summary>Nothing is wrong, but time or evidence is still missing.</summary>
    public const string NotYet = "not-yet";

    /// <summary>Something must be fixed first; waiting alone will not make it ready.</summary>
    public const string Blocked = "blocked";

    /// <summary>A criterion's status when it is met.</summary>
    public const string Met = "met";

    /// <summary>A criterion's status when what it needs is not known here (it does not hold the verdict back).</summary>
    public const string Unknown = "unknown";
}
