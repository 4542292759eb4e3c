namespace MtaSts.Core.Dns;

/// <summary>Settings under <c>Rotation</c>.</summary>
public sealed class RotationOptions
{
    public const string Section = "Rotation";

    /// <summary>
    /// <c>Rotation:SafetyMarginSeconds</c> (default 60): added to <c>Policy:CacheSeconds</c> before a changed policy's id
    /// is published, for clock skew and requests still in flight.
    /// </summary>
    public int SafetyMarginSeconds { get; set; } = 60;

    /// <summary><c>Rotation:VerifyBatchSize</c> (default 20): published tenants re-checked in DNS per run, least recently verified first.</summary>
    public int VerifyBatchSize { get; set; } = 20;

    /// <summary><c>Rotation:MaxBackoffSeconds</c> (default 3600): the longest wait before retrying a failed tenant.</summary>
    public int MaxBackoffSeconds { get; set; } = 3600;

    /// <summary>
    /// <c>Rotation:PropagationSeconds</c> (default 60): how long a change to the zone may take to reach every name
    /// server (Azure DNS: usually under a minute; RFC 2136 with secondaries: up to their SOA refresh). Added to the
    /// record's TTL wherever the service waits for resolvers to forget an id or a record.
    /// </summary>
    public int PropagationSeconds { get; set; } = 60;

    /// <summary><c>Rotation:Parallelism</c> (default 8): tenants handled at once.</summary>
    public int Parallelism { get; set; } = 8;

    public IEnumerable<string> Validate()
    {
        if (SafetyMarginSeconds is < 0 or > 86400)
        {
            yield return $"Rotation:SafetyMarginSeconds must be between 0 and 86400 (it is {SafetyMarginSeconds})";
        }

        if (VerifyBatchSize is < 0 or > 10000)
        {
            yield return $"Rotation:VerifyBatchSize must be between 0 and 10000 (it is {VerifyBatchSize})";
        }

        if (MaxBackoffSeconds is < 60 or > 604800)
        {
            yield return $"Rotation:MaxBackoffSeconds must be between 60 and 604800 (it is {MaxBackoffSeconds})";
        }

        if (PropagationSeconds is < 0 or > 86400)
        {
            yield return $"Rotation:PropagationSeconds must be between 0 and 86400 (it is {PropagationSeconds})";
        }

        if (Parallelism is < 1 or > 64)
        {
            yield return $"Rotation:Parallelism must be between 1 and 64 (it is {Parallelism})";
        }
    }
}
