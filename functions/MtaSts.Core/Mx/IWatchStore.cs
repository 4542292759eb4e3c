namespace MtaSts.Core.Mx;

/// <summary>
/// What the watchers keep per tenant beside its row (table <c>watch</c>): the MX watcher's <see cref="MxState"/> and
/// the readiness evaluations' <see cref="Readiness.ReadinessState"/>. Writes are conditional on the ETag read (an add
/// when there is none); a lost race throws <see cref="Tenants.TenantConflictException"/>.
/// </summary>
public interface IWatchStore
{
    Task<MxState?> GetMxAsync(string domain, CancellationToken cancellationToken);

    /// <summary>When each tenant's MX set was last checked.</summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> MxCheckedAtAsync(CancellationToken cancellationToken);

    Task<MxState> SaveMxAsync(MxState state, CancellationToken cancellationToken);

    Task<Readiness.ReadinessState?> GetReadinessAsync(string domain, CancellationToken cancellationToken);

    /// <summary>The last day each tenant's readiness was evaluated.</summary>
    Task<IReadOnlyDictionary<string, DateOnly>> ReadinessDaysAsync(CancellationToken cancellationToken);

    Task<Readiness.ReadinessState> SaveReadinessAsync(Readiness.ReadinessState state, CancellationToken cancellationToken);

    /// <summary>Forgets everything kept for a domain (a tenant that is gone).</summary>
    Task ForgetAsync(string domain, CancellationToken cancellationToken);
}
