using Microsoft.Extensions.Logging;
using MtaSts.Core.Dns;
using MtaSts.Core.FrontDoor;
using MtaSts.Core.Policies;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Admin;

/// <summary>
/// The admin API's operations on tenants. A PUT that changes the policy (even back to one served before) stores it as
/// a new version, served at once by this instance and within <c>Policy:CacheSeconds</c> by every other, and marks the
/// tenant pending rotation from that moment; the DNS id follows after the window (RFC 8461 §3.3 ordering). A DELETE
/// of a tenant whose record may be in DNS withdraws the policy as RFC 8461 §8.3 asks: <c>mode: none</c> under a new
/// id, kept until every policy senders may hold has expired; a tenant with no record is removed at once.
/// Writes use ETags and are retried a few times when they race another writer.
/// </summary>
public sealed class TenantAdmin(ITenantStore store, TimeProvider time, CustomerRecordPlanner records, RotationWindow window, ILogger<TenantAdmin> logger, PolicyCache? localCache = null, FrontDoorOnboarding? onboarding = null)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>RFC 8461 §8.3 suggests a short max_age, such as one day, for the <c>mode: none</c> policy.</summary>
    public const long WithdrawalMaxAge = PolicyAdvice.OneDay;

    private const int Attempts = 3;

    public Task<AdminResult> PutAsync(string domainInput, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        PutAsync(domainInput, body, PutCondition.None, cancellationToken);

    /// <summary>A PUT that writes only when <paramref name="condition"/> holds on the tenant as read for the write.</summary>
    public async Task<AdminResult> PutAsync(string domainInput, ReadOnlyMemory<byte> body, PutCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (!TryReadDomain(domainInput, out var domain, out var domainError))
        {
            return AdminResult.Invalid([domainError]);
        }

        var (draft, automation, readErrors) = TenantRequestReader.ReadRequest(body);
        if (draft is null)
        {
            return AdminResult.Invalid(readErrors);
        }

        var validation = PolicyDraftValidator.Validate(draft);
        if (readErrors.Count > 0 || validation.Policy is null)
        {
            // A field the reader refused for its type is not reported a second time as missing.
            var refused = readErrors.Where(e => e.Contains(" must be ", StringComparison.Ordinal)).Select(e => e.Split(' ')[0] + " is required").ToArray();
            return AdminResult.Invalid([.. readErrors, .. validation.Errors.Where(e => !refused.Any(r => e.StartsWith(r, StringComparison.Ordinal)))]);
        }

        var policy = validation.Policy;
        try
        {
            return await PutPolicyAsync(domain, policy, automation, validation.Warnings, condition, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever happened (a write that succeeded before its answer was lost, an error after it), this instance
            // reads the tenant afresh: it serves what storage holds at once.
            localCache?.Invalidate(domain);
        }
    }

    private async Task<AdminResult> PutPolicyAsync(string domain, StsPolicy policy, AutomationDraft automation, IReadOnlyList<string> warnings, PutCondition condition, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                var existing = await store.GetAsync(domain, cancellationToken).ConfigureAwait(false);
                var now = time.GetUtcNow();

                // Judged on the row the write is conditional on (its ETag), so nothing changes between the check and the
                // write. On a retry, a row that already holds this very policy may be our own write whose answer was lost:
                // it goes on to the own-write path below (re-stamped, answered as unchanged) rather than a false 412.
                var ownWrite = attempt > 1 && existing is not null && existing.Policy.Equals(policy) && existing.State == TenantState.Active;
                if (!ownWrite && !condition.HoldsFor(existing))
                {
                    return new AdminResult(AdminOutcome.PreconditionFailed, null, [condition.MustNotExist
                        ? $"tenant '{domain}' exists already: open it to change it (If-None-Match: *)"
                        : existing is null
                            ? $"no tenant '{domain}' (If-Match)"
                            : $"tenant '{domain}' changed since it was read (now {PutCondition.ETagOf(existing.PolicyVersion, existing.CreatedAt)}): reload it and make the change again"]);
                }

                if (existing is null)
                {
                    var shard = onboarding is { Enabled: true } ? await onboarding.ReserveAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty : null;
                    if (shard is { Length: 0 })
                    {
                        return new AdminResult(AdminOutcome.NoRoom, null, [$"tenant '{domain}' was not created: {onboarding!.NoRoomMessage}"]);
                    }

                    Tenant created;
                    try
                    {
                        var tenant = Tenant.Create(domain, policy, now) with { Automation = automation.Apply(TenantAutomation.Default) };
                        created = await store.AddAsync(shard is null ? tenant : tenant with { CustomDomain = new CustomDomainState { Shard = shard } }, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception) when (shard is not null)
                    {
                        await onboarding!.ReleaseAsync(shard, CancellationToken.None).ConfigureAwait(false);
                        throw;
                    }

                    created = await StampedAsync(created, now, cancellationToken).ConfigureAwait(false);
                    if (shard is not null && CustomDomainNaming.IsInternationalized(domain))
                    {
                        warnings = [.. warnings, $"'{domain}' is an internationalized domain: Front Door has documented that it does not take punycode host names; the tenant's customDomain state says whether it took mta-sts.{domain} (README: 'Internationalized domains')"];
                    }

                    logger.LogInformation("Tenant {Domain} created with mode {Mode}", domain, policy.Mode.ToText());
                    return Result(AdminOutcome.Created, created, warnings);
                }

                var settings = automation.Apply(existing.Automation);
                if (existing.Policy.Equals(policy) && existing.State == TenantState.Active)
                {
                    // On a retry this may be our own earlier write, whose answer was lost: its stamp is then not to be trusted.
                    existing = attempt > 1 ? await StampedAsync(existing, DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false) : existing;
                    if (settings.Equals(existing.Automation))
                    {
                        return Result(AdminOutcome.Unchanged, existing, warnings);
                    }

                    // Only the automation settings changed: the served policy, its version and its window stay as they are.
                    var reconfigured = await store.UpdateAsync(existing with { Automation = settings }, cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Tenant {Domain} automation changed: autoPromote {AutoPromote}, mxSync {MxSync}", domain, settings.AutoPromote, settings.MxSync);
                    return Result(AdminOutcome.Updated, reconfigured, warnings);
                }

                var updated = await store.UpdateAsync(existing.WithPolicy(policy, TenantState.Active, now) with { Automation = settings }, cancellationToken).ConfigureAwait(false);
                updated = await StampedAsync(updated, now, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Tenant {Domain} policy changed to mode {Mode}; DNS id rotation pending", domain, policy.Mode.ToText());
                return Result(AdminOutcome.Updated, updated, warnings);
            }
            catch (TenantConflictException) when (attempt < Attempts)
            {
                logger.LogInformation("Tenant {Domain} changed concurrently; retrying the PUT", domain);
            }
            catch (TenantConflictException)
            {
                break;
            }
        }

        return new AdminResult(AdminOutcome.Conflict, null, [$"tenant '{domain}' is being changed by another request; try again"]);
    }

    /// <summary>
    /// A policy change made by the service itself (a promotion, an MX sync), through the same path as an admin PUT: a
    /// new version, served at once here, its id after the window, recorded as made by <paramref name="changedBy"/>.
    /// <paramref name="change"/> gets the tenant as stored and answers the new policy, or null to leave it; a tenant
    /// that is offboarding is never changed.
    /// </summary>
    public async Task<AdminResult> ChangePolicyAsync(string domain, Func<Tenant, StsPolicy?> change, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                try
                {
                    var existing = await store.GetAsync(domain, cancellationToken).ConfigureAwait(false);
                    if (existing is null)
                    {
                        return AdminResult.NotFound(domain);
                    }

                    if (existing.State != TenantState.Active || change(existing) is not { } policy || policy.Equals(existing.Policy))
                    {
                        return Result(AdminOutcome.Unchanged, existing, []);
                    }

                    var now = time.GetUtcNow();
                    var updated = await store.UpdateAsync(existing.WithPolicy(policy, TenantState.Active, now, changedBy), cancellationToken).ConfigureAwait(false);
                    updated = await StampedAsync(updated, now, cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Tenant {Domain} policy changed by {ChangedBy} to mode {Mode}; DNS id rotation pending", domain, changedBy, policy.Mode.ToText());
                    return Result(AdminOutcome.Updated, updated, []);
                }
                catch (TenantConflictException) when (attempt < Attempts)
                {
                    logger.LogInformation("Tenant {Domain} changed concurrently; deciding the {ChangedBy} change again", domain, changedBy);
                }
                catch (TenantConflictException)
                {
                    break;
                }
            }

            return new AdminResult(AdminOutcome.Conflict, null, [$"tenant '{domain}' is being changed by another request; try again"]);
        }
        finally
        {
            localCache?.Invalidate(domain);
        }
    }

    public async Task<AdminResult> GetAsync(string domainInput, CancellationToken cancellationToken)
    {
        if (!TryReadDomain(domainInput, out var domain, out var error))
        {
            return AdminResult.Invalid([error]);
        }

        var tenant = await store.GetAsync(domain, cancellationToken).ConfigureAwait(false);
        return tenant is null ? AdminResult.NotFound(domain) : Result(AdminOutcome.Found, tenant, []);
    }

    public Task<(TenantListView? Page, IReadOnlyList<string> Errors)> ListAsync(string? pageSizeText, string? continuation, CancellationToken cancellationToken) =>
        ListAsync(pageSizeText, continuation, null, cancellationToken);

    /// <summary>
    /// A page of tenants in domain order, only those whose domain starts with <paramref name="search"/> when it is given
    /// (letters, digits, dots and hyphens; compared in lower case). A searched page may be short, or empty, while a
    /// continuation says there is more.
    /// </summary>
    public async Task<(TenantListView? Page, IReadOnlyList<string> Errors)> ListAsync(string? pageSizeText, string? continuation, string? search, CancellationToken cancellationToken)
    {
        var prefix = search?.Trim().ToLowerInvariant() ?? string.Empty;
        if (prefix.Length > DomainName.MaxLength || prefix.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-')))
        {
            return (null, [$"search must be the start of a domain name: letters, digits, dots and hyphens, at most {DomainName.MaxLength} characters"]);
        }

        var pageSize = DefaultPageSize;
        if (!string.IsNullOrEmpty(pageSizeText)
            && (!int.TryParse(pageSizeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return (null, [$"pageSize must be a whole number from 1 to {MaxPageSize}"]);
        }

        if (continuation is { Length: > 1024 })
        {
            return (null, ["continuation is not a token this API returned"]);
        }

        TenantPage page;
        try
        {
            page = await store.ListAsync(pageSize, string.IsNullOrEmpty(continuation) ? null : continuation, prefix, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or Azure.RequestFailedException { Status: 400 })
        {
            return (null, ["continuation is not a token this API returned"]);
        }

        return (new TenantListView(page.Tenants.Select(t => View(t, [])).ToArray(), page.Continuation), []);
    }

    public async Task<AdminResult> DeleteAsync(string domainInput, CancellationToken cancellationToken)
    {
        if (!TryReadDomain(domainInput, out var domain, out var error))
        {
            return AdminResult.Invalid([error]);
        }

        try
        {
            return await WithdrawAsync(domain, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            localCache?.Invalidate(domain);
        }
    }

    private async Task<AdminResult> WithdrawAsync(string domain, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                var tenant = await store.GetAsync(domain, cancellationToken).ConfigureAwait(false);
                if (tenant is null)
                {
                    return AdminResult.NotFound(domain);
                }

                if (!tenant.RecordMayExist && tenant.CustomDomain is not { MayExist: true })
                {
                    await store.DeleteAsync(tenant, cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Tenant {Domain} deleted; no record of it was ever written to DNS", domain);
                    return new AdminResult(AdminOutcome.Deleted, null, []);
                }

                if (tenant.State == TenantState.Offboarding)
                {
                    return Result(AdminOutcome.Offboarding, tenant, []);
                }

                var now = time.GetUtcNow();
                var withdrawn = await store.UpdateAsync(
                    tenant.WithPolicy(new StsPolicy(PolicyMode.None, [], WithdrawalMaxAge), TenantState.Offboarding, now),
                    cancellationToken).ConfigureAwait(false);
                withdrawn = await StampedAsync(withdrawn, now, cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Tenant {Domain} offboarding: serving mode none until senders' caches expire", domain);
                return Result(AdminOutcome.Offboarding, withdrawn, []);
            }
            catch (TenantConflictException) when (attempt < Attempts)
            {
                logger.LogInformation("Tenant {Domain} changed concurrently; retrying the DELETE", domain);
            }
            catch (TenantConflictException)
            {
                break;
            }
        }

        return new AdminResult(AdminOutcome.Conflict, null, [$"tenant '{domain}' is being changed by another request; try again"]);
    }

    /// <summary>
    /// Makes sure the newest change of <paramref name="written"/> is stamped no earlier than the write was surely done:
    /// a change is stamped before its write, and a write slower than <see cref="RotationWindow.WriteAllowance"/> (a
    /// storage call retried by the SDK, say) would otherwise start the change's window before other instances could
    /// read it. Restamping later only delays the new id, so it is always safe; if it cannot be written, the change's id
    /// may come up to the write's duration early, which is logged.
    /// </summary>
    private async Task<Tenant> StampedAsync(Tenant written, DateTimeOffset stampedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - stampedAt <= window.WriteAllowance || !written.RotationPending)
        {
            return written;
        }

        var current = written;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                return await store.UpdateAsync(current.Restamped(written.PolicyVersion, now), cancellationToken).ConfigureAwait(false);
            }
            catch (TenantConflictException)
            {
                current = await store.GetAsync(written.Domain, cancellationToken).ConfigureAwait(false);
                if (current is null || current.PublishedVersion >= written.PolicyVersion)
                {
                    return written;
                }
            }
            catch (Azure.RequestFailedException e)
            {
                logger.LogWarning(e, "Tenant {Domain}: stamping the change of version {Version} again failed", written.Domain, written.PolicyVersion);
                break;
            }
        }

        logger.LogWarning("Tenant {Domain}: the change of version {Version} took {Seconds:0} s to write and could not be stamped again", written.Domain, written.PolicyVersion, (now - stampedAt).TotalSeconds);
        return written;
    }

    /// <summary>Normalises the domain of an admin route: IDN to A-labels, lower case, at least two labels.</summary>
    public static bool TryReadDomain(string? input, out string domain, out string error)
    {
        domain = string.Empty;
        if (!DomainName.TryNormalize(input?.Trim(), out var normalized, out var problem))
        {
            error = $"'{DomainName.Printable(input ?? string.Empty)}' is not a valid mail domain: {problem}";
            return false;
        }

        if (DomainName.LabelCount(normalized) < 2)
        {
            error = $"'{normalized}' is not a mail domain: it needs at least two labels, like example.com";
            return false;
        }

        domain = normalized;
        error = string.Empty;
        return true;
    }

    private AdminResult Result(AdminOutcome outcome, Tenant tenant, IReadOnlyList<string> warnings) =>
        new(outcome, View(tenant, warnings), []);

    private TenantView View(Tenant tenant, IReadOnlyList<string> warnings) => new(
        tenant.Domain,
        tenant.Policy.Mode.ToText(),
        tenant.Policy.Mx,
        tenant.Policy.MaxAgeSeconds,
        tenant.PolicyText,
        tenant.PolicyHash,
        tenant.State == TenantState.Offboarding ? "offboarding" : tenant.RotationPending ? "pending-rotation" : "published",
        tenant.CreatedAt,
        tenant.PolicyChangedAt,
        tenant.PublishedId,
        tenant.PublishedAt,
        tenant.LastError,
        tenant.FailedAttempts,
        tenant.NextAttemptAt,
        tenant.RotationPending ? window.EarliestPublication(tenant) : null,
        tenant.LastVerifiedAt,
        tenant.State == TenantState.Offboarding && !tenant.RotationPending ? tenant.HeldUntil : null,
        records.For(tenant),
        warnings,
        onboarding?.Describe(tenant),
        tenant.ModeChangedAt,
        tenant.PolicyChangedBy,
        tenant.Automation.AutoPromote,
        tenant.Automation.MxSync ? "auto" : "off",
        tenant.Automation.AlertWebhooks.Select(MaskedWebhook).ToArray(),
        tenant.PolicyVersion);

    /// <summary>A webhook URL without its path and query, where such URLs keep their secret.</summary>
    private static string MaskedWebhook(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "…";
}
