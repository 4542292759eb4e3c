using Azure;
using MtaSts.Core.Mx;
using MtaSts.Core.Readiness;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Tests.Support;

/// <summary>An <see cref="IWatchStore"/> in memory, ETag-conditional as the Table store is.</summary>
public sealed class InMemoryWatchStore : IWatchStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, MxState> mx = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReadinessState> readiness = new(StringComparer.Ordinal);
    private int version;

    public Task<MxState?> GetMxAsync(string domain, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(mx.GetValueOrDefault(domain));
        }
    }

    public Task<IReadOnlyDictionary<string, DateTimeOffset>> MxCheckedAtAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, DateTimeOffset>>(mx.ToDictionary(m => m.Key, m => m.Value.CheckedAt, StringComparer.Ordinal));
        }
    }

    public Task<MxState> SaveMxAsync(MxState state, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Check(mx.GetValueOrDefault(state.Domain)?.ETag, state.ETag, state.Domain);
            var stored = state with { ETag = Next() };
            mx[state.Domain] = stored;
            return Task.FromResult(stored);
        }
    }

    public Task<ReadinessState?> GetReadinessAsync(string domain, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(readiness.GetValueOrDefault(domain));
        }
    }

    public Task<IReadOnlyDictionary<string, DateOnly>> ReadinessDaysAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, DateOnly>>(readiness.ToDictionary(r => r.Key, r => r.Value.LastDay, StringComparer.Ordinal));
        }
    }

    public Task<ReadinessState> SaveReadinessAsync(ReadinessState state, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            Check(readiness.GetValueOrDefault(state.Domain)?.ETag, state.ETag, state.Domain);
            var stored = state with { ETag = Next() };
            readiness[state.Domain] = stored;
            return Task.FromResult(stored);
        }
    }

    public Task ForgetAsync(string domain, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            mx.Remove(domain);
            readiness.Remove(domain);
            return Task.CompletedTask;
        }
    }

    private static void Check(ETag? current, ETag? given, string domain)
    {
        if (current != given)
        {
            throw new TenantConflictException($"the watch row of '{domain}' was changed by another writer");
        }
    }

    private ETag Next() => new((++version).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
