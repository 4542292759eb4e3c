using MtaSts.Core.Dns;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Tests.Simulation;

/// <summary>
/// What the simulation knows independently of the service, and the invariants checked against it:
/// (a) a sender stores under id X only the policy the service meant for X (the version the rotator published X for)
/// or a later one; (b) no <c>_mta-sts</c> record is removed and no tenant row deleted while any sender may hold a
/// non-none policy from it, and no record we wrote outlives its tenant row; (c) every change that has waited its
/// window (plus the clock skew allowed) is covered by the id in DNS after a clean rotator run; (d) a new id is always
/// greater than every earlier one; (e) an admin change is served at once by the instance that took it.
/// <para>
/// "May hold" follows RFC 8461 §5.1 senders that renew a policy each time they see its id again (as Postfix's resolver
/// does): a policy served while an id of ours was visible may be held until that id left DNS, plus the longest DNS
/// TTL, plus its max_age.
/// </para>
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
    private readonly Dictionary<string, long> servedUnderId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> firstVersion = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> coveredWhenRemoved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<long, long>> serviceVersions = new(StringComparer.Ordinal);

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

    public void AdminWrote(string domain, long version, StsPolicy policy, string text, bool created, long serviceVersion)
    {
        if (created)
        {
            firstVersion[domain] = version;
            serviceVersions.Remove(domain);
        }

        ServiceVersions(domain)[serviceVersion] = version;

        Versions(domain).Add(new PolicyVersion(version, text, policy.Mode, policy.MaxAgeSeconds, clock()));
        log($"  admin stored v{version} for {domain}: {policy.Mode} max_age {policy.MaxAgeSeconds}");
    }

    public PolicyVersion? Current(string domain) => history.TryGetValue(domain, out var versions) ? versions[^1] : null;

    public void RotatorListed(string domain, long version) => listed[domain] = version;

    /// <summary>
    /// The version the service says it writes an id for (the row's intent, in its own numbering), so that (a) holds the
    /// service to its word and (c) checks that the word covers every change that waited its window.
    /// </summary>
    public void Intends(string domain, long serviceVersion)
    {
        if (ServiceVersions(domain).TryGetValue(serviceVersion, out var version))
        {
            listed[domain] = version;
        }
    }

    /// <summary>A change made by hand: ids leaving DNS are accounted for, nothing is checked.</summary>
    public void DnsEdited(string domain, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var beforeId = IdIn(before);
        if (beforeId is not null && Known(domain, beforeId) && IdIn(after) != beforeId)
        {
            RaiseHold(domain, servedUnderId.GetValueOrDefault(domain));
            recordSeenAt[domain] = clock();
            coveredWhenRemoved[domain] = Meant(domain)[beforeId]; // what our id covered stands when a later removal takes the hand-made one
        }
    }

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

        if (beforeId is not null && afterId != beforeId && Known(domain, beforeId))
        {
            // Our id left DNS (removed, or replaced by a hand edit that a later removal takes away): what it covered stands.
            coveredWhenRemoved[domain] = Meant(domain)[beforeId];
        }
        else if (afterId is null && beforeId is not null && !coveredWhenRemoved.ContainsKey(domain))
        {
            coveredWhenRemoved[domain] = -1;
        }

        if (beforeId is not null && Known(domain, beforeId) && afterId != beforeId)
        {
            // The id leaves DNS: what was served under it may be renewed until resolvers forget it, then kept.
            var served = servedUnderId.GetValueOrDefault(domain);
            if (afterId is null && (served > 0 || clock() < MayHoldUntil(domain)))
            {
                Fail('b', $"{domain}: the record was removed while a sender may hold a non-none policy (until t={Math.Max(MayHoldUntil(domain), clock() + SimulationConfig.MaxDnsTtlSeconds + served)}s)");
            }

            RaiseHold(domain, served);
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
        var current = IdIn(records) is { } id && Known(domain, id);
        if (current)
        {
            recordSeenAt[domain] = clock();
        }

        var version = ByText(domain, text);
        if (version is null)
        {
            Fail('a', $"{domain}: an instance served a policy that was never stored");
            return;
        }

        if (version.Mode == PolicyMode.None)
        {
            return;
        }

        if (current)
        {
            // Renewable under the id in DNS until that id leaves.
            servedUnderId[domain] = Math.Max(servedUnderId.GetValueOrDefault(domain), version.MaxAge);
            mayHoldUntil[domain] = Math.Max(MayHoldUntil(domain), clock() + version.MaxAge);
        }
        else if (recordSeenAt.TryGetValue(domain, out var seen) && clock() - seen <= SimulationConfig.MaxDnsTtlSeconds)
        {
            // A sender whose resolver still has the id that left at `seen` may store this under it and renew it until then + TTL.
            mayHoldUntil[domain] = Math.Max(MayHoldUntil(domain), seen + SimulationConfig.MaxDnsTtlSeconds + version.MaxAge);
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

    /// <summary>
    /// Invariant (c), after a rotator run without injected faults: every version that has waited its window (plus the
    /// largest clock skew, since the rotator reads change times written by skewed clocks) is covered by the id in DNS,
    /// whether or not newer changes are still waiting.
    /// </summary>
    public void CheckProgress(string domain, IReadOnlyList<string> records, long runAt)
    {
        var current = Current(domain);
        if (current is null || runAt < LastFaultAt + config.MaxBackoffSeconds + 1)
        {
            return;
        }

        var due = Versions(domain).Where(v => v.Version >= firstVersion.GetValueOrDefault(domain) && runAt >= v.StoredAt + config.WindowSeconds + config.MaxSkewSeconds).Select(v => v.Version).DefaultIfEmpty(-1).Max();
        var id = IdIn(records);
        var meantVersion = id is not null && Meant(domain).TryGetValue(id, out var meant) ? meant : -1;
        if (id is null && coveredWhenRemoved.TryGetValue(domain, out var covered) && covered >= due)
        {
            return; // offboarded: the record went on purpose after an id covered every due change
        }

        if (due >= 0 && meantVersion < due)
        {
            Fail('c', $"{domain}: v{due} waited its window and has no id after a clean run; DNS has {id ?? "no record"} meant for v{meantVersion}");
        }
    }

    public PolicyVersion? ByText(string domain, string text) => Versions(domain).LastOrDefault(v => v.Text == text);

    private static string? IdIn(IReadOnlyList<string> records)
    {
        var parsed = StsTxtRecordParser.ParseRecordSet(records);
        return parsed.IsValid ? parsed.Record!.Id : null;
    }

    /// <summary>An id left DNS: what was served under it (the largest max_age, 0 if only mode none) may be held until then + TTL + max_age.</summary>
    private void RaiseHold(string domain, long served)
    {
        if (served > 0)
        {
            mayHoldUntil[domain] = Math.Max(MayHoldUntil(domain), clock() + SimulationConfig.MaxDnsTtlSeconds + served);
        }

        servedUnderId[domain] = 0;
    }

    private bool Known(string domain, string id) => Meant(domain).ContainsKey(id);

    private long MayHoldUntil(string domain) => mayHoldUntil.GetValueOrDefault(domain, long.MinValue);

    private List<PolicyVersion> Versions(string domain) =>
        history.TryGetValue(domain, out var versions) ? versions : history[domain] = [];

    private Dictionary<long, long> ServiceVersions(string domain) =>
        serviceVersions.TryGetValue(domain, out var map) ? map : serviceVersions[domain] = [];

    private Dictionary<string, long> Meant(string domain) =>
        meant.TryGetValue(domain, out var ids) ? ids : meant[domain] = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>One policy as an admin stored it: the simulation's version number, its text, mode and max_age.</summary>
    public sealed record PolicyVersion(long Version, string Text, PolicyMode Mode, long MaxAge, long StoredAt);
}
