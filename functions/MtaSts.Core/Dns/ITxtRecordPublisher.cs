namespace MtaSts.Core.Dns;

/// <summary>
/// Reads and writes the <c>v=STSv1</c> TXT record of a tenant (RFC 8461 §3.1), leaving any other TXT strings at the
/// same name untouched. Writes are conditional on what was read (<see cref="TxtRecordSet"/>): a record set changed
/// in between fails with <see cref="DnsConflictException"/> rather than being overwritten.
/// </summary>
public interface ITxtRecordPublisher
{
    /// <summary>The provider's name for logs and errors.</summary>
    string Name { get; }

    /// <summary>
    /// The TTL of the records it writes: how long after a record is removed a resolver may still hand it out, so how
    /// long offboarding keeps the tenant row after removing the record.
    /// </summary>
    TimeSpan RecordTtl { get; }

    /// <summary>The TXT records at the name now; <see cref="TxtRecordSet.Empty"/> when there are none.</summary>
    Task<TxtRecordSet> ReadAsync(DnsRecordName record, CancellationToken cancellationToken);

    /// <summary>Replaces every <c>v=STSv1</c> string at the name by <paramref name="stsRecord"/>, given what <see cref="ReadAsync"/> returned.</summary>
    Task ReplaceStsRecordAsync(DnsRecordName record, string stsRecord, TxtRecordSet current, CancellationToken cancellationToken);

    /// <summary>Removes every <c>v=STSv1</c> string at the name, given what <see cref="ReadAsync"/> returned.</summary>
    Task DeleteStsRecordsAsync(DnsRecordName record, TxtRecordSet current, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces every TXT record at a name that is ours alone (a Front Door validation token at <c>_dnsauth.…</c>) by
    /// <paramref name="text"/>, or removes them all when it is null, given what <see cref="ReadAsync"/> returned.
    /// </summary>
    Task ReplaceTextAsync(DnsRecordName record, string? text, TxtRecordSet current, CancellationToken cancellationToken);
}
