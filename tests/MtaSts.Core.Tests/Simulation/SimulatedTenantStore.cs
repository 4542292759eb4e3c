using Azure;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Tests.Simulation;

/// <summary>
/// The shared <c>tenants</c> table of a scenario, with the Table store's ETag rules. It also keeps the simulation's
/// book: every admin write is a new policy <em>version</em> of the domain (the rotator's writes never are), so the
/// invariants can say which policy the service meant when. Callers get a <see cref="View"/> per role, where faults
/// are injected.
/// </summary>
public sealed class SimulatedTenantStore
{
    private readonly Dictionary<string, (Tenant Tenant, long Version)> rows = new(StringComparer.Ordinal);
    private long versions;
    private int etags;

    /// <summary>Called after each admin write with the domain, its new version, the stored row and whether it created the row.</summary>
    public Action<string, long, Tenant, bool>? AdminWrote { get; set; }

    /// <summary>Called after a row is deleted, with who deleted it.</summary>
    public Action<string, StoreRole>? RowDeleted { get; set; }

    /// <summary>Called when the rotator lists a row, with its version.</summary>
    public Action<string, long>? RotatorListed { get; set; }

    public Tenant? Row(string domain) => rows.TryGetValue(domain, out var row) ? row.Tenant : null;

    public long? VersionOf(string domain) => rows.TryGetValue(domain, out var row) ? row.Version : null;

    /// <param name="role">Who uses the view.</param>
    /// <param name="fault">Decides whether a call fails: the call kind and the domain in, the error (or null) out.</param>
    /// <param name="readGate">When set, a policy text read takes its value, then waits for the task this returns (a slow read).</param>
    public ITenantStore View(StoreRole role, Func<StoreCall, string, Exception?> fault, Func<string, Task>? readGate = null) => new RoleView(this, role, fault, readGate);

    private Tenant Add(Tenant tenant, StoreRole role)
    {
        if (rows.ContainsKey(tenant.Domain))
        {
            throw new TenantConflictException("exists");
        }

        var stored = tenant with { ETag = NextETag() };
        var version = role == StoreRole.Admin ? ++versions : 0;
        rows[tenant.Domain] = (stored, version);
        if (role == StoreRole.Admin)
        {
            AdminWrote?.Invoke(tenant.Domain, version, stored, true);
        }

        return stored;
    }

    private Tenant Update(Tenant tenant, StoreRole role)
    {
        if (!rows.TryGetValue(tenant.Domain, out var current) || current.Tenant.ETag != tenant.ETag)
        {
            throw new TenantConflictException("changed");
        }

        var stored = tenant with { ETag = NextETag() };
        var version = role == StoreRole.Admin ? ++versions : current.Version;
        rows[tenant.Domain] = (stored, version);
        if (role == StoreRole.Admin)
        {
            AdminWrote?.Invoke(tenant.Domain, version, stored, false);
        }

        return stored;
    }

    private void Delete(Tenant tenant, StoreRole role)
    {
        if (!rows.TryGetValue(tenant.Domain, out var current) || current.Tenant.ETag != tenant.ETag)
        {
            throw new TenantConflictException("changed");
        }

        rows.Remove(tenant.Domain);
        RowDeleted?.Invoke(tenant.Domain, role);
    }

    private ETag NextETag() => new($"W/\"{++etags}\"");

    private sealed class RoleView(SimulatedTenantStore store, StoreRole role, Func<StoreCall, string, Exception?> fault, Func<string, Task>? readGate) : ITenantStore
    {
        public Task<Tenant?> GetAsync(string domain, CancellationToken cancellationToken)
        {
            Fail(StoreCall.Read, domain, applied: false);
            return Task.FromResult(store.Row(domain));
        }

        public async Task<string?> GetPolicyTextAsync(string domain, CancellationToken cancellationToken)
        {
            Fail(StoreCall.Read, domain, applied: false);
            var text = store.Row(domain)?.PolicyText;
            if (readGate is not null)
            {
                await readGate(domain);
            }

            return text;
        }

        public Task<Tenant> AddAsync(Tenant tenant, CancellationToken cancellationToken)
        {
            Fail(StoreCall.Write, tenant.Domain, applied: false);
            var stored = store.Add(tenant, role);
            Fail(StoreCall.Write, tenant.Domain, applied: true);
            return Task.FromResult(stored);
        }

        public Task<Tenant> UpdateAsync(Tenant tenant, CancellationToken cancellationToken)
        {
            Fail(StoreCall.Write, tenant.Domain, applied: false);
            var stored = store.Update(tenant, role);
            Fail(StoreCall.Write, tenant.Domain, applied: true);
            return Task.FromResult(stored);
        }

        public Task DeleteAsync(Tenant tenant, CancellationToken cancellationToken)
        {
            Fail(StoreCall.Write, tenant.Domain, applied: false);
            store.Delete(tenant, role);
            Fail(StoreCall.Write, tenant.Domain, applied: true);
            return Task.CompletedTask;
        }

        public Task<TenantPage> ListAsync(int pageSize, string? continuation, CancellationToken cancellationToken)
        {
            Fail(StoreCall.List, string.Empty, applied: false);
            var ordered = store.rows.Values.OrderBy(r => r.Tenant.Domain, StringComparer.Ordinal)
                .Where(r => continuation is null || string.CompareOrdinal(r.Tenant.Domain, continuation) >= 0).ToArray();
            var page = ordered.Take(pageSize).ToArray();
            if (role == StoreRole.Rotator)
            {
                foreach (var row in page)
                {
                    store.RotatorListed?.Invoke(row.Tenant.Domain, row.Version);
                }
            }

            return Task.FromResult(new TenantPage(page.Select(r => r.Tenant).ToArray(), ordered.Length > pageSize ? ordered[pageSize].Tenant.Domain : null));
        }

        private void Fail(StoreCall call, string domain, bool applied)
        {
            if (fault(applied ? StoreCall.WriteApplied : call, domain) is { } error)
            {
                throw error;
            }
        }
    }
}
