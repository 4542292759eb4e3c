using Azure.Data.Tables;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Tenants;

/// <summary>
/// Maps a <see cref="Tenant"/> to its row in the <c>tenants</c> table: PartitionKey = domain, RowKey = <c>policy</c>.
/// The served text is stored too, so serving is one point read of one column. Rows written before policy versions
/// existed are read conservatively (see <see cref="FromEntity"/>).
/// </summary>
internal static class TenantEntityMapper
{
    public const string RowKey = "policy";
    public const string PolicyTextColumn = "PolicyText";

    /// <summary>Longer than any rotation window (<c>Policy:CacheSeconds</c> + <c>Rotation:SafetyMarginSeconds</c> at their limits).</summary>
    private static readonly TimeSpan LegacyWindow = TimeSpan.FromSeconds(3600 + 86400);

    public static TableEntity ToEntity(Tenant tenant)
    {
        var entity = new TableEntity(tenant.Domain, RowKey)
        {
            ["Mode"] = tenant.Policy.Mode.ToText(),
            ["Mx"] = string.Join('\n', tenant.Policy.Mx),
            ["MaxAge"] = tenant.Policy.MaxAgeSeconds,
            [PolicyTextColumn] = tenant.PolicyText,
            ["PolicyHash"] = tenant.PolicyHash,
            ["PolicyVersion"] = tenant.PolicyVersion,
            ["State"] = tenant.State.ToString(),
            ["CreatedAt"] = tenant.CreatedAt,
            ["PolicyChangedAt"] = tenant.PolicyChangedAt,
            ["RotationPending"] = tenant.RotationPending,
            ["PublishedId"] = tenant.PublishedId,
            ["PublishedVersion"] = tenant.PublishedVersion,
            ["PublishedHash"] = tenant.PublishedHash,
            ["PublishedAt"] = tenant.PublishedAt,
            ["PublishingId"] = tenant.PublishingId,
            ["PublishingVersion"] = tenant.PublishingVersion,
            ["HeldUntil"] = tenant.HeldUntil,
            ["RecordRemovedAt"] = tenant.RecordRemovedAt,
            ["LastError"] = tenant.LastError,
            ["FailedAttempts"] = tenant.FailedAttempts,
            ["NextAttemptAt"] = tenant.NextAttemptAt,
            ["LastVerifiedAt"] = tenant.LastVerifiedAt,
        };
        if (tenant.ETag is { } etag)
        {
            entity.ETag = etag;
        }

        return entity;
    }

    /// <summary>
    /// Reads a row. A row from before policy versions is version 1, published when its published hash equals the
    /// served policy's hash (else pending), and an offboarding one keeps senders' hold time from its withdrawn max_age.
    /// </summary>
    public static Tenant FromEntity(TableEntity entity)
    {
        var mode = PolicyModes.TryParse(entity.GetString("Mode"), out var parsed)
            ? parsed.Value
            : throw new InvalidDataException($"tenant row '{entity.PartitionKey}' has an invalid Mode");
        var mx = entity.GetString("Mx") is { Length: > 0 } joined ? joined.Split('\n') : [];
        var tenant = new Tenant
        {
            Domain = entity.PartitionKey,
            Policy = new StsPolicy(mode, mx, entity.GetInt64("MaxAge") ?? 0),
            State = Enum.TryParse<TenantState>(entity.GetString("State"), out var state) ? state : TenantState.Active,
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            PolicyChangedAt = entity.GetDateTimeOffset("PolicyChangedAt") ?? DateTimeOffset.MinValue,
            PolicyVersion = entity.GetInt64("PolicyVersion") ?? 1,
            PublishedId = entity.GetString("PublishedId"),
            PublishedVersion = entity.GetInt64("PublishedVersion"),
            PublishedHash = entity.GetString("PublishedHash"),
            PublishedAt = entity.GetDateTimeOffset("PublishedAt"),
            PublishingId = entity.GetString("PublishingId"),
            PublishingVersion = entity.GetInt64("PublishingVersion"),
            HeldUntil = entity.GetDateTimeOffset("HeldUntil"),
            RecordRemovedAt = entity.GetDateTimeOffset("RecordRemovedAt"),
            LastError = entity.GetString("LastError"),
            FailedAttempts = entity.GetInt32("FailedAttempts") ?? 0,
            NextAttemptAt = entity.GetDateTimeOffset("NextAttemptAt"),
            LastVerifiedAt = entity.GetDateTimeOffset("LastVerifiedAt"),
            ETag = entity.ETag,
        };

        if (entity.GetInt64("PolicyVersion") is null)
        {
            tenant = tenant with
            {
                PublishedVersion = tenant.PublishedId is null ? null : tenant.PublishedHash == tenant.PolicyHash ? 1 : 0,
                HeldUntil = entity.GetInt64("WithdrawnMaxAge") is { } withdrawn ? tenant.PolicyChangedAt + LegacyWindow + TimeSpan.FromSeconds(withdrawn) : null,
            };
        }

        return tenant;
    }
}
