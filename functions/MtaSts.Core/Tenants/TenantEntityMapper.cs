using Azure.Data.Tables;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Tenants;

/// <summary>
/// Maps a <see cref="Tenant"/> to its row in the <c>tenants</c> table: PartitionKey = domain, RowKey = <c>policy</c>.
/// The served text is stored too, so serving is one point read of one column.
/// </summary>
internal static class TenantEntityMapper
{
    public const string RowKey = "policy";
    public const string PolicyTextColumn = "PolicyText";

    public static TableEntity ToEntity(Tenant tenant)
    {
        var entity = new TableEntity(tenant.Domain, RowKey)
        {
            ["Mode"] = tenant.Policy.Mode.ToText(),
            ["Mx"] = string.Join('\n', tenant.Policy.Mx),
            ["MaxAge"] = tenant.Policy.MaxAgeSeconds,
            [PolicyTextColumn] = tenant.PolicyText,
            ["PolicyHash"] = tenant.PolicyHash,
            ["State"] = tenant.State.ToString(),
            ["CreatedAt"] = tenant.CreatedAt,
            ["PolicyChangedAt"] = tenant.PolicyChangedAt,
            ["RotationPending"] = tenant.RotationPending,
            ["PublishedId"] = tenant.PublishedId,
            ["PublishedHash"] = tenant.PublishedHash,
            ["PublishedAt"] = tenant.PublishedAt,
            ["LastError"] = tenant.LastError,
            ["WithdrawnMaxAge"] = tenant.WithdrawnMaxAge,
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

    public static Tenant FromEntity(TableEntity entity)
    {
        var mode = PolicyModes.TryParse(entity.GetString("Mode"), out var parsed)
            ? parsed.Value
            : throw new InvalidDataException($"tenant row '{entity.PartitionKey}' has an invalid Mode");
        var mx = entity.GetString("Mx") is { Length: > 0 } joined ? joined.Split('\n') : [];
        return new Tenant
        {
            Domain = entity.PartitionKey,
            Policy = new StsPolicy(mode, mx, entity.GetInt64("MaxAge") ?? 0),
            State = Enum.TryParse<TenantState>(entity.GetString("State"), out var state) ? state : TenantState.Active,
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            PolicyChangedAt = entity.GetDateTimeOffset("PolicyChangedAt") ?? DateTimeOffset.MinValue,
            PublishedId = entity.GetString("PublishedId"),
            PublishedHash = entity.GetString("PublishedHash"),
            PublishedAt = entity.GetDateTimeOffset("PublishedAt"),
            LastError = entity.GetString("LastError"),
            WithdrawnMaxAge = entity.GetInt64("WithdrawnMaxAge"),
            FailedAttempts = entity.GetInt32("FailedAttempts") ?? 0,
            NextAttemptAt = entity.GetDateTimeOffset("NextAttemptAt"),
            LastVerifiedAt = entity.GetDateTimeOffset("LastVerifiedAt"),
            ETag = entity.ETag,
        };
    }
}
