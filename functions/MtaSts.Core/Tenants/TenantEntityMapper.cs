using System.Text.Json;
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

    /// <summary>Marks a row of an earlier version that may have written a record it never recorded.</summary>
    public const string LegacyUnknownId = "unknown";

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
            ["ServedMaxAge"] = tenant.ServedMaxAge,
            ["Changes"] = JsonSerializer.Serialize(tenant.Changes.Select(c => new ChangeJson(c.Version, c.ChangedAt, c.MaxAge))),
            ["RecordRemovedAt"] = tenant.RecordRemovedAt,
            ["LastError"] = tenant.LastError,
            ["FailedAttempts"] = tenant.FailedAttempts,
            ["NextAttemptAt"] = tenant.NextAttemptAt,
            ["LastVerifiedAt"] = tenant.LastVerifiedAt,
            ["ModeChangedAt"] = tenant.ModeChangedAt,
            ["PolicyChangedBy"] = tenant.PolicyChangedBy,
            ["AutoPromote"] = tenant.Automation.AutoPromote,
            ["MxSync"] = tenant.Automation.MxSync,
            ["AlertWebhooks"] = string.Join('\n', tenant.Automation.AlertWebhooks),
        };
        if (tenant.CustomDomain is { } domain)
        {
            entity["FdShard"] = domain.Shard;
            entity["FdStage"] = domain.Stage.ToString();
            entity["FdToken"] = domain.ValidationToken;
            entity["FdTokenExpiresAt"] = domain.TokenExpiresAt;
            entity["FdValidationState"] = domain.ValidationState;
            entity["FdDeploymentStatus"] = domain.DeploymentStatus;
            entity["FdWrittenToken"] = domain.WrittenToken;
            entity["FdCertificateExpiresAt"] = domain.CertificateExpiresAt;
            entity["FdCheckedAt"] = domain.CheckedAt;
            entity["FdLastError"] = domain.LastError;
            entity["FdFailedAttempts"] = domain.FailedAttempts;
            entity["FdNextAttemptAt"] = domain.NextAttemptAt;
        }

        if (tenant.ETag is { } etag)
        {
            entity.ETag = etag;
        }

        return entity;
    }

    /// <summary>The custom domain columns (<c>Fd*</c>), or null when the row has none; an unknown stage is damage.</summary>
    private static FrontDoor.CustomDomainState? ReadCustomDomain(TableEntity entity)
    {
        if (entity.GetString("FdShard") is not { Length: > 0 } shard)
        {
            return null;
        }

        if (!Enum.TryParse<FrontDoor.CustomDomainStage>(entity.GetString("FdStage"), ignoreCase: false, out var stage) || !Enum.IsDefined(stage))
        {
            throw new InvalidDataException($"tenant row '{entity.PartitionKey}' has an unknown custom domain stage");
        }

        return new FrontDoor.CustomDomainState
        {
            Shard = shard,
            Stage = stage,
            ValidationToken = entity.GetString("FdToken"),
            TokenExpiresAt = entity.GetDateTimeOffset("FdTokenExpiresAt"),
            ValidationState = entity.GetString("FdValidationState"),
            DeploymentStatus = entity.GetString("FdDeploymentStatus"),
            WrittenToken = entity.GetString("FdWrittenToken"),
            CertificateExpiresAt = entity.GetDateTimeOffset("FdCertificateExpiresAt"),
            CheckedAt = entity.GetDateTimeOffset("FdCheckedAt"),
            LastError = entity.GetString("FdLastError"),
            FailedAttempts = entity.GetInt32("FdFailedAttempts") ?? 0,
            NextAttemptAt = entity.GetDateTimeOffset("FdNextAttemptAt"),
        };
    }

    /// <summary>
    /// Reads a row (one from before policy versions as <see cref="FromLegacy"/> says). A row that cannot be what this
    /// service wrote (an invalid mode, a max_age out of range, an unreadable change list) throws
    /// <see cref="InvalidDataException"/>: guessing its missing parts could start a window too early or forget a max_age.
    /// </summary>
    public static Tenant FromEntity(TableEntity entity)
    {
        var mode = PolicyModes.TryParse(entity.GetString("Mode"), out var parsed)
            ? parsed.Value
            : throw new InvalidDataException($"tenant row '{entity.PartitionKey}' has an invalid Mode");
        var mx = entity.GetString("Mx") is { Length: > 0 } joined ? joined.Split('\n') : [];
        var maxAge = entity.GetInt64("MaxAge") ?? 0;
        if (maxAge is < 0 or > StsPolicy.MaxAgeLimit)
        {
            throw new InvalidDataException($"tenant row '{entity.PartitionKey}' has max_age {maxAge}, outside 0 to {StsPolicy.MaxAgeLimit}");
        }

        var tenant = new Tenant
        {
            Domain = entity.PartitionKey,
            Policy = new StsPolicy(mode, mx, maxAge),
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
            ServedMaxAge = entity.GetInt64("ServedMaxAge") ?? 0,
            Changes = ReadChanges(entity.PartitionKey, entity.GetString("Changes")),
            RecordRemovedAt = entity.GetDateTimeOffset("RecordRemovedAt"),
            LastError = entity.GetString("LastError"),
            FailedAttempts = entity.GetInt32("FailedAttempts") ?? 0,
            NextAttemptAt = entity.GetDateTimeOffset("NextAttemptAt"),
            LastVerifiedAt = entity.GetDateTimeOffset("LastVerifiedAt"),
            CustomDomain = ReadCustomDomain(entity),
            ModeChangedAt = entity.GetDateTimeOffset("ModeChangedAt"),
            PolicyChangedBy = entity.GetString("PolicyChangedBy"),
            Automation = new TenantAutomation(
                entity.GetBoolean("AutoPromote") ?? false,
                entity.GetBoolean("MxSync") ?? false,
                entity.GetString("AlertWebhooks") is { Length: > 0 } hooks ? hooks.Split('\n') : []),
            ETag = entity.ETag,
        };

        return entity.GetInt64("PolicyVersion") is null ? FromLegacy(tenant, entity.GetInt64("WithdrawnMaxAge")) : tenant;
    }

    /// <summary>
    /// A row written before policy versions, read so that nothing it may have let senders keep is forgotten: pending
    /// unless the policy is the published one and unchanged since that publication; a record taken to exist if it may
    /// (an old publication could have written it without recording it); and if the policy ever changed, senders taken
    /// to hold a policy of the largest max_age RFC 8461 allows, since the old row did not say which were served.
    /// </summary>
    private static Tenant FromLegacy(Tenant tenant, long? withdrawnMaxAge)
    {
        var unchangedSincePublication = tenant.PublishedAt is { } published && tenant.PolicyChangedAt <= published && tenant.PublishedHash == tenant.PolicyHash;
        var changed = tenant.PolicyChangedAt > tenant.CreatedAt || withdrawnMaxAge is not null;
        var served = changed ? StsPolicy.MaxAgeLimit : Tenant.HoldableMaxAge(tenant.Policy);
        var pending = tenant.PublishedId is null || !unchangedSincePublication;
        return tenant with
        {
            PublishedVersion = tenant.PublishedId is null ? null : pending ? 0 : 1,
            PublishingId = tenant.PublishedId is null ? LegacyUnknownId : null,
            Changes = [new PolicyChange(1, tenant.PolicyChangedAt, Tenant.HoldableMaxAge(tenant.Policy))],
            ServedMaxAge = served,
            HeldUntil = tenant.State == TenantState.Offboarding && !pending
                ? (tenant.PublishedAt ?? tenant.PolicyChangedAt) + LegacyWindow + TimeSpan.FromSeconds(served)
                : null,
        };
    }

    private static IReadOnlyList<PolicyChange> ReadChanges(string domain, string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        ChangeJson?[]? changes;
        try
        {
            changes = JsonSerializer.Deserialize<ChangeJson?[]>(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"tenant row '{domain}' has an unreadable change list", e);
        }

        if (changes is null || changes.Any(c => c is null || c.V < 1 || c.T == default || c.M is < 0 or > StsPolicy.MaxAgeLimit))
        {
            throw new InvalidDataException($"tenant row '{domain}' has a change without version, time or a valid max_age");
        }

        return changes.Select(c => new PolicyChange(c!.V, c.T, c.M)).ToArray();
    }

    private sealed record ChangeJson(long V, DateTimeOffset T, long M);
}
