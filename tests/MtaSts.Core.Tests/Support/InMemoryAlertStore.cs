using Azure;
using MtaSts.Core.Alerts;

namespace MtaSts.Core.Tests.Support;

/// <summary>An <see cref="IAlertStore"/> in memory with the Table store's rules: ETag-conditional, an alert change and its notices atomic, added keys unique.</summary>
public sealed class InMemoryAlertStore : IAlertStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string, string), Alert> alerts = [];
    private readonly SortedDictionary<(string, string), NoticeDelivery> notices = [];
    private readonly Dictionary<(string, string), long> counters = [];
    private int version;

    public IReadOnlyList<NoticeDelivery> Notices
    {
        get
        {
            lock (gate)
            {
                return [.. notices.Values];
            }
        }
    }

    public Task<Alert?> GetAsync(string tenant, string condition, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(alerts.GetValueOrDefault((tenant, condition)));
        }
    }

    public Task<IReadOnlyList<Alert>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<Alert>>(alerts.Values.Where(a => a.Tenant == tenant).OrderBy(a => a.Condition, StringComparer.Ordinal).ToArray());
        }
    }

    public Task<(IReadOnlyList<Alert> Alerts, string? Continuation)> ListOpenAsync(int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<(IReadOnlyList<Alert>, string?)>((alerts.Values.Where(a => a.IsOpen).ToArray(), null));
        }
    }

    public Task<Alert> CommitAsync(Alert alert, IReadOnlyList<NoticeDelivery> added, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var key = (alert.Tenant, alert.Condition);
            var current = alerts.GetValueOrDefault(key);
            if ((alert.ETag is null && current is not null) || (alert.ETag is { } etag && current?.ETag != etag)
                || added.Any(n => notices.ContainsKey((n.Tenant, n.Key))) || added.Select(n => n.Key).Distinct().Count() != added.Count)
            {
                throw new AlertConflictException("changed meanwhile");
            }

            var stored = alert with { ETag = new ETag((++version).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            alerts[key] = stored;
            foreach (var notice in added)
            {
                notices[(notice.Tenant, notice.Key)] = notice with { ETag = new ETag((++version).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            }

            return Task.FromResult(stored);
        }
    }

    public Task<IReadOnlyList<NoticeDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<NoticeDelivery>>(notices.Values.Where(n => n.Status == DeliveryStatus.Pending && n.NextAttemptAt <= now).OrderBy(n => n.NextAttemptAt).Take(max).ToArray());
        }
    }

    public Task<NoticeDelivery?> UpdateAsync(NoticeDelivery delivery, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var key = (delivery.Tenant, delivery.Key);
            if (!notices.TryGetValue(key, out var current) || current.ETag != delivery.ETag)
            {
                return Task.FromResult<NoticeDelivery?>(null);
            }

            var stored = delivery with { ETag = new ETag((++version).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            notices[key] = stored;
            return Task.FromResult<NoticeDelivery?>(stored);
        }
    }

    public Task<IReadOnlyList<NoticeDelivery>> HistoryAsync(string tenant, int max, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<NoticeDelivery>>(notices.Values.Where(n => n.Tenant == tenant).Take(max).ToArray());
        }
    }

    public Task<long> IncrementAsync(string tenant, string counter, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var count = counters.GetValueOrDefault((tenant, counter)) + 1;
            counters[(tenant, counter)] = count;
            return Task.FromResult(count);
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var old = notices.Where(n => n.Value.Status != DeliveryStatus.Pending && n.Value.CreatedAt < before).Select(n => n.Key).ToArray();
            foreach (var key in old)
            {
                notices.Remove(key);
            }

            return Task.FromResult(old.Length);
        }
    }
}
