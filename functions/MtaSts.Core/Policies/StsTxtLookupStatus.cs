namespace MtaSts.Core.Policies;

/// <summary>What a sender concludes from the TXT strings at <c>_mta-sts.&lt;domain&gt;</c> (RFC 8461 §3.1).</summary>
public enum StsTxtLookupStatus
{
    /// <summary>Exactly one record starting <c>v=STSv1</c>, and it is valid.</summary>
    Valid,

    /// <summary>No record starts with <c>v=STSv1;</c>: the domain has no MTA-STS policy.</summary>
    NoRecord,

    /// <summary>More than one record starts with <c>v=STSv1;</c>: senders assume no policy.</summary>
    MultipleRecords,

    /// <summary>The one <c>v=STSv1</c> record is not valid: senders assume no policy.</summary>
    Invalid,
}
