using MtaSts.Core.Dns;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Simulation;

/// <summary>
/// What the simulation knows independently of the service, and the invariants checked against it:
/// (a) a sender stores under id X only the policy the service meant for X (the version current when the rotator
/// published X) or a later one; (b) no <c>_mta-sts</c> record is removed and no tenant row deleted while any sender
/// may hold a non-none policy from it, and no record we wrote outlives its tenant row; (c) after a change has waited
/// its window, a clean rotator run leaves DNS with an id meant for it; (d) a new id is always greater than every
/// earlier one; (e) an admin change is served at once by the instance that took it.
/// </summary>
public sealed class ScenarioBook(SimulationConfig config, Func<long> clock, Action<string> log)
{
    private readonly Dictionary<string, List<PolicyVersion>> history = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> meant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> listed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> mayHoldUntil = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> recordSeenAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> maxId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> removedAt = new(StringComparer.Ordinal);

    /// <summary>When a fault was last injected on the rotator's path (DNS, Table, a hand edit).</summary>
    public long LastFaultAt { get; set; } = long.MinValue / 2;

    private readonly List<Violation> violations = [];

    /// <summary>The first violation of each invariant, in the order they happened.</summary>
    public IReadOnlyList<Violation> Violations => violations;

    public void Fail(char invariant, string message)
    {
        var violation = new Violation(invariant, clock(), message);
        log("VIOLATION " + violation);
        if (!violations.Any(v => v.Invariant == invariant))
        {
            violations.Add(violation);
        }
    }

    public void AdminWrote(string domain, long version, StsPolicy policy, string text)
    {
        Versions(domain).Add(new PolicyVersion(version, text, policy.Mode, policy.MaxAgeSeconds, clock()));
        log($"  admin stored v{version} for {domain}: {policy.Mode} max_age {policy.MaxAgeSeconds}");
    }

    public PolicyVersion? Current(string domain) => history.TryGetValue(domain, out var versions) ? versions[^1] : null;

    public void RotatorListed(string domain, long version) => listed[domain] = version;

    /// <summary>Any change the service made to a domain's TXT records: checks (b) removal and (d) ids, and books X's meant version.</summary>
    public void DnsChanged(string domain, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var beforeId = IdIn(before);
        var afterId = IdIn(after);
        log($"  DNS {domain}: [{string.Join(" | ", before)}] -> [{string.Join(" | ", after)}]");
        if (beforeId is not null && Known(domain, beforeId))
        {
            recordSeenAt[domain] = clock();
        }

        if (afterId is null && beforeId is not null)
        {
            removedAt[domain] = clock();
        }

        if (afterId is null && beforeId is not null && Known(domain, beforeId) && clock() < MayHoldUntil(domain))
        {
            Fail('b', $"{domain}: the record was removed while a sender may hold a non-none policy until t={MayHoldUntil(domain)}s");
        }

        if (afterId is null || afterId == beforeId)
        {
            return;
        }

        var ids = Meant(domain);
        var previousMax = maxId.GetValueOrDefault(domain);
        if (!ids.ContainsKey(afterId))
        {
            ids[afterId] = listed.GetValueOrDefault(domain);
            if (previousMax is not null && PolicyIdGenerator.Compare(afterId, previousMax) <= 0)
            {
                Fail('d', $"{domain}: new id {afterId} is not greater than {previousMax}");
            }
        }
        else if (previousMax is not null && PolicyIdGenerator.Compare(afterId, previousMax) < 0)
        {
            Fail('d', $"{domain}: id went back from {beforeId ?? "none"} to {afterId}, older than {previousMax}");
        }

        maxId[domain] = PolicyIdGenerator.Max(previousMax, afterId)!;
        log($"  id {afterId} for {domain} is meant for v{ids[afterId]}");
    }

    public void RowDeleted(string domain)
    {
        if (clock() < MayHoldUntil(domain))
        {
            Fail('b', $"{domain}: the tenant was deleted while a sender may hold a non-none policy until t={MayHoldUntil(domain)}s");
        }
    }

    /// <summary>
    /// A policy body was served; if a sender could have seen a record of ours (in DNS now, or within the longest DNS
    /// TTL), it may keep the policy for its max_age. A record made by hand is outside the service's promise.
    /// </summary>
    public void Served(string domain, string text, IReadOnlyList<string> records)
    {
        if (IdIn(records) is { } id && Known(domain, id))
        {
            recordSeenAt[domain] = clock();
        }

        var version = ByText(domain, text);
        if (version is null)
        {
            Fail('a', $"{domain}: an instance served a policy that was never stored");
            return;
        }

        var recordVisible = recordSeenAt.TryGetValue(domain, out var seen) && clock() - seen <= SimulationConfig.MaxDnsTtlSeconds;
        if (recordVisible && version.Mode != PolicyMode.None)
        {
            mayHoldUntil[domain] = Math.Max(MayHoldUntil(domain), clock() + version.MaxAge);
        }
    }

    /// <summary>Invariant (a), when a sender stores <paramref name="text"/> under <paramref name="id"/>.</summary>
    public void SenderStored(string domain, string id, string text, int sender)
    {
        if (!Meant(domain).TryGetValue(id, out var meantVersion))
        {
            log($"  sender {sender} stored a policy under foreign id {id}");
            return;
        }

        var served = Versions(domain).Where(v => v.Text == text).Select(v => v.Version).DefaultIfEmpty(-1).Max();
        log($"  sender {sender} stored v{served} under {id} (meant for v{meantVersion})");
        if (served < meantVersion)
        {
            Fail('a', $"{domain}: sender {sender} stored the policy of v{served} under id {id}, which was published for v{meantVersion}");
        }
    }

    /// <summary>Invariant (b): a record we wrote never outlives the tenant row.</summary>
    public void CheckRecordHasRow(string domain, IReadOnlyList<string> records, bool rowExists)
    {
        if (!rowExists && IdIn(records) is { } id && Known(domain, id))
        {
            Fail('b', $"{domain}: record with id {id} is in DNS but the tenant row is gone");
        }
    }

    /// <summary>Invariant (c), after a rotator run without injected faults.</summary>
    public void CheckProgress(string domain, IReadOnlyList<string> records, long runAt)
    {
        var current = Current(domain);
        if (current is null || runAt < current.StoredAt + config.WindowSeconds || runAt < LastFaultAt + config.MaxBackoffSeconds + 1)
        {
            return;
        }

        if (current.Mode == PolicyMode.None && removedAt.TryGetValue(domain, out var removed) && removed >= current.StoredAt)
        {
            return; // offboarded: the record is gone on purpose and the row waits out its TTL
        }

        var id = IdIn(records);
        var meantVersion = id is not null && Meant(domain).TryGetValue(id, out var v) ? v : -1;
        if (meantVersion < current.Version)
        {
            Fail('c', $"{domain}: v{current.Version} (stored t={current.StoredAt}s) has no id after a clean run; DNS has {id ?? "no record"} meant for v{meantVersion}");
        }
    }

    public PolicyVersion? ByText(string domain, string text) => Versions(domain).LastOrDefault(v => v.Text == text);

    private static string? IdIn(IReadOnlyList<string> records)
    {
        var parsed = StsTxtRecordParser.ParseRecordSet(records);
        return parsed.IsValid ? parsed.Record!.Id : null;
    }

    private bool Known(string domain, string id) => Meant(domain).ContainsKey(id);

    private long MayHoldUntil(string domain) => mayHoldUntil.GetValueOrDefault(domain, long.MinValue);

    private List<PolicyVersion> Versions(string domain) =>
        history.TryGetValue(domain, out var versions) ? versions : history[domain] = [];

    private Dictionary<string, long> Meant(string domain) =>
        meant.TryGetValue(domain, out var ids) ? ids : meant[domain] = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>One policy as an admin stored it: the simulation's version number, its text, mode and max_age.</summary>
    public sealed record PolicyVersion(long Version, string Text, PolicyMode Mode, long MaxAge, long StoredAt);
}
