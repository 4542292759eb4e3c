using Azure;

namespace MtaSts.Core.Reports;

/// <summary>
/// One report as stored for one policy domain (a tenant): its identity (<see cref="Key"/>, a hash of
/// organization-name and report-id; <see cref="ContentHash"/>, a hash of what it says for this tenant), what it adds
/// to the day (<see cref="Contribution"/>), where it came from (<see cref="Provenance"/>, with the DKIM verdict and
/// signing domain of an e-mailed one), and whether it counts (<see cref="Status"/>: <c>counted</c>, or
/// <c>conflict</c> when another report with the same key says something else and neither is clearly stronger).
/// </summary>
public sealed record StoredReport(
    string Domain,
    DateOnly Day,
    string Key,
    string OrganizationName,
    string ReportId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? ContactInfo,
    ReportContribution Contribution,
    string Channel,
    string BlobName,
    DateTimeOffset ReceivedAt,
    string Provenance,
    string? SigningDomain,
    string? Dkim,
    string ContentHash)
{
    public const string Counted = "counted";
    public const string Conflicting = "conflict";

    public string Status { get; init; } = Counted;

    /// <summary>The row's key within the tenant's partition, once placed: the first report of a key gets the plain key.</summary>
    public string RowKey { get; init; } = string.Empty;

    public ETag? ETag { get; init; }

    /// <summary>
    /// Who sent it, as far as anyone can tell: the organization-name it claims and, when a DKIM signature verified, the
    /// domain that signed it (<c>Google Inc. (d=google.com)</c>); otherwise the claim is marked
    /// <c>(unverified)</c>. An aligned report proves the signer sent it, not that the signer is the organization it
    /// names, so breakdowns show both; and since the suffix is always added, no organization-name can pass for
    /// another report's label.
    /// </summary>
    public string Reporter =>
        Provenance is MtaSts.Core.Reports.Provenance.EmailAligned or MtaSts.Core.Reports.Provenance.EmailPass && SigningDomain is { } signer
            ? $"{OrganizationName} (d={signer})"
            : $"{OrganizationName} {Unverified}";

    /// <summary>The label suffix of a report no DKIM signature vouches for.</summary>
    public const string Unverified = "(unverified)";

    /// <summary>Whose report this is when reports with the same key disagree: its aligned signer, or nobody in particular.</summary>
    public string? Identity => Provenance == MtaSts.Core.Reports.Provenance.EmailAligned ? SigningDomain : null;

    /// <summary>Where the report's numbers are summed in its day: its provenance class, or the conflicts.</summary>
    public string SummaryClass => Status == Conflicting ? MtaSts.Core.Reports.Provenance.Conflict : Provenance;

    /// <summary>The row key of the first report with this key on this day; later ones with other content add their content hash.</summary>
    public static string RowKeyFor(DateOnly day, string key, string? contentHash = null) =>
        $"r_{day:yyyy-MM-dd}_{key}{(contentHash is null ? string.Empty : "_" + contentHash)}";
}
