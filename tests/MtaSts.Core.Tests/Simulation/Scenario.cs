using System.Text;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Dns;
using MtaSts.Core.Policies;
using MtaSts.Core.Serving;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Simulation;

/// <summary>
/// Runs one <see cref="ScenarioPlan"/> against the real <see cref="PolicyCache"/> (one per serving instance),
/// <see cref="TenantAdmin"/> (on each instance, with that instance's skewed clock) and <see cref="PolicyIdRotator"/>
/// over a shared simulated table and DNS and a <see cref="FakeTimeProvider"/>. The rotator runs on its timer (sometimes
/// late, sometimes skipped, sometimes alongside a second run); between ticks the plan's events happen, and slow storage
/// reads complete when their time comes; <see cref="ScenarioBook"/> checks the invariants at every step.
/// </summary>
public sealed class Scenario
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ScenarioPlan plan;
    private readonly SimulationConfig config;
    private readonly List<string>? trace;
    private readonly FakeTimeProvider time = new(Start);
    private readonly SimulatedTenantStore store = new();
    private readonly SimulatedDns dns = new();
    private readonly PolicyCache[] instances;
    private readonly TenantAdmin[] admins;
    private readonly PolicyIdRotator rotator;
    private readonly PolicyIdRotator secondRotator;
    private readonly SimulatedSender[] senders;
    private readonly ScenarioBook book;
    private readonly long[] outageUntil;
    private readonly TaskCompletionSource?[] slowGate;
    private readonly List<SlowRead> slowReads = [];
    private int dnsFaults;
    private int dnsFaultMode;
    private int tableFaults;
    private int tableFaultMode;
    private SimEvent? race;
    private bool raceRotator;
    private bool faultInRun;

    private Scenario(ScenarioPlan plan, bool tracing)
    {
        this.plan = plan;
        config = plan.Config;
        trace = tracing ? [] : null;
        book = new ScenarioBook(config, () => Now, Log);
        outageUntil = new long[config.Instances];
        slowGate = new TaskCompletionSource?[config.Instances];
        var policy = TestOptions.Policy(config.CacheSeconds);
        var rotation = Options.Create(new RotationOptions
        {
            SafetyMarginSeconds = config.SafetyMarginSeconds,
            MaxBackoffSeconds = config.MaxBackoffSeconds,
            VerifyBatchSize = 20,
            Parallelism = 1,
        });
        var window = new RotationWindow(policy, rotation);
        var adminStore = store.View(StoreRole.Admin, (_, _) => null);
        instances = new PolicyCache[config.Instances];
        admins = new TenantAdmin[config.Instances];
        for (var i = 0; i < config.Instances; i++)
        {
            var instance = i;
            var servingStore = store.View(
                StoreRole.Serving,
                (call, _) => call == StoreCall.Read && Now < outageUntil[instance] ? new RequestFailedException(503, "storage down") : null,
                _ => ConsumeSlowGate(instance));
            instances[i] = new PolicyCache(servingStore, time, policy, window, NullLogger<PolicyCache>.Instance);
            var clock = new SkewedTimeProvider(time, TimeSpan.FromSeconds(config.AdminSkewSeconds.ElementAtOrDefault(i)));
            admins[i] = new TenantAdmin(adminStore, clock, new CustomerRecordPlanner(TestOptions.Serving(), TestOptions.Dns()), window, NullLogger<TenantAdmin>.Instance, instances[i]);
        }

        var rotatorStore = store.View(StoreRole.Rotator, TableFault);
        rotator = new PolicyIdRotator(rotatorStore, dns, time, window, rotation, TestOptions.Dns(), NullLogger<PolicyIdRotator>.Instance);
        secondRotator = new PolicyIdRotator(rotatorStore, dns, time, window, rotation, TestOptions.Dns(), NullLogger<PolicyIdRotator>.Instance);
        var random = new Random(plan.Seed);
        senders = Enumerable.Range(0, config.Senders)
            .Select(s => new SimulatedSender(s, random.Next(4) == 0 ? 0 : random.Next(1, SimulationConfig.MaxDnsTtlSeconds + 1), renews: random.Next(2) == 0))
            .ToArray();

        store.AdminWrote = (domain, version, tenant, created) => book.AdminWrote(domain, version, tenant.Policy, tenant.PolicyText, created, tenant.PolicyVersion);
        store.RotatorListed = book.RotatorListed;
        store.RowDeleted = (domain, role) =>
        {
            Log($"  {role} deleted the tenant row of {domain}");
            book.RowDeleted(domain);
        };
        dns.Changed = (name, before, after) =>
        {
            if (store.Row(DomainOf(name))?.PublishingVersion is { } intended)
            {
                book.Intends(DomainOf(name), intended);
            }

            book.DnsChanged(DomainOf(name), before, after);
        };
        dns.Fault = DnsFault;
        dns.AfterWrite = RaceAgainstWrite;
        dns.BeforeRead = RaceAnotherRotator;
    }

    public int Steps { get; private set; }

    private long Now => (long)(time.GetUtcNow() - Start).TotalSeconds;

    public static async Task<ScenarioOutcome> RunAsync(ScenarioPlan plan, bool tracing = false)
    {
        var scenario = new Scenario(plan, tracing);
        await scenario.RunAsync().ConfigureAwait(false);
        return new ScenarioOutcome(scenario.book.Violations, scenario.Steps, scenario.trace ?? []);
    }

    public static string Domain(int index) => $"d{index}.example";

    private static string RecordName(string domain) => "_mta-sts." + domain;

    private static string DomainOf(string recordName) => recordName["_mta-sts.".Length..];

    /// <summary>One timeline: slow reads completing, timer ticks and the plan's events, earliest first.</summary>
    private async Task RunAsync()
    {
        var ticks = new RotatorSchedule(plan.Seed, config);
        var lastEventAt = 0L;
        var next = 0;
        var end = long.MaxValue;
        while (true)
        {
            var eventAt = next < plan.Events.Count ? plan.Events[next].At : long.MaxValue;
            var slowAt = slowReads.Count > 0 ? slowReads.Min(r => r.At) : long.MaxValue;
            if (next == plan.Events.Count && end == long.MaxValue)
            {
                end = lastEventAt + (400L * 86400);
            }

            if (slowAt <= ticks.Next && slowAt <= eventAt && slowAt <= end)
            {
                await CompleteSlowReadAsync(slowReads.First(r => r.At == slowAt)).ConfigureAwait(false);
            }
            else if (ticks.Next <= eventAt && ticks.Next <= end)
            {
                await TickAsync(ticks, lastEventAt).ConfigureAwait(false);
            }
            else if (eventAt != long.MaxValue)
            {
                var e = plan.Events[next++];
                time.SetUtcNow(Start.AddSeconds(Math.Max(e.At, Now)));
                lastEventAt = e.At;
                ticks.Resync(e.At);
                Log(e.ToString());
                await ApplyAsync(e).ConfigureAwait(false);
                AfterStep();
            }
            else
            {
                break;
            }
        }
    }

    private async Task TickAsync(RotatorSchedule ticks, long lastEventAt)
    {
        var at = ticks.Next;
        ticks.Advance(lastEventAt);
        if (at < Now)
        {
            return;
        }

        time.SetUtcNow(Start.AddSeconds(at));
        faultInRun = false;
        raceRotator |= config.RacingRotators && ((at / config.PeriodSeconds) + plan.Seed) % 3 == 0;
        var mark = trace?.Count ?? 0;
        try
        {
            var summary = await rotator.RunAsync(default).ConfigureAwait(false);
            if (summary.Published + summary.Failed + summary.Repaired + summary.Retired > 0)
            {
                Log($"  rotator: {summary}");
            }
        }
        catch (RequestFailedException e)
        {
            faultInRun = true;
            Log($"  rotator run failed: {e.Message}");
        }

        if (trace is not null && trace.Count > mark)
        {
            trace.Insert(mark, $"t={at}s rotator run");
        }

        if (!faultInRun)
        {
            for (var d = 0; d < config.Domains; d++)
            {
                if (store.Row(Domain(d)) is not null)
                {
                    book.CheckProgress(Domain(d), dns.Records(RecordName(Domain(d))), at);
                }
            }
        }

        AfterStep();
    }

    private async Task CompleteSlowReadAsync(SlowRead read)
    {
        slowReads.Remove(read);
        time.SetUtcNow(Start.AddSeconds(Math.Max(read.At, Now)));
        Log($"t={Now}s a slow storage read completes");
        read.Gate.SetResult();
        await Task.WhenAll(read.Waiting).ConfigureAwait(false);
        AfterStep();
    }

    private void AfterStep()
    {
        Steps++;
        for (var d = 0; d < config.Domains; d++)
        {
            book.CheckRecordHasRow(Domain(d), dns.Records(RecordName(Domain(d))), store.Row(Domain(d)) is not null);
        }
    }

    private async Task ApplyAsync(SimEvent e)
    {
        var domain = Domain(e.Domain);
        switch (e.Kind)
        {
            case SimEventKind.Put:
                await AdminAsync(e.Instance, domain, e.Arg).ConfigureAwait(false);
                break;
            case SimEventKind.Delete:
                await AdminAsync(e.Instance, domain, -1).ConfigureAwait(false);
                break;
            case SimEventKind.Probe:
                await ServeOrWaitAsync(e.Instance, domain, () => ServeAsync(e.Instance, domain)).ConfigureAwait(false);
                break;
            case SimEventKind.SenderActs:
                await SenderActsAsync(senders[e.Arg % senders.Length], e.Instance, domain).ConfigureAwait(false);
                break;
            case SimEventKind.StorageOutage:
                outageUntil[e.Instance] = Math.Max(outageUntil[e.Instance], Now + e.Arg);
                break;
            case SimEventKind.DnsFault:
                (dnsFaults, dnsFaultMode) = (e.Arg, e.Mode);
                break;
            case SimEventKind.TableFault:
                (tableFaults, tableFaultMode) = (e.Arg, e.Mode);
                break;
            case SimEventKind.RaceNextRotation:
                race = e;
                break;
            case SimEventKind.DriftEdit:
                Drift(domain, e.Mode);
                break;
            case SimEventKind.SlowRead:
                StartSlowRead(e.Instance, domain, e.Arg);
                break;
            case SimEventKind.RaceRotator:
                raceRotator = true;
                break;
        }
    }

    /// <summary>Starts a read on the instance that returns what it read only <paramref name="seconds"/> later; requests meanwhile join it.</summary>
    private void StartSlowRead(int instance, string domain, int seconds)
    {
        var gate = new TaskCompletionSource();
        slowGate[instance] = gate;
        var probe = ServeAsync(instance, domain);
        var started = slowGate[instance] is null;
        slowGate[instance] = null;
        if (probe.IsCompleted)
        {
            return; // a fresh copy answered
        }

        if (!started)
        {
            // A slow read was already under way: this request waits for it.
            slowReads.Last(r => r.Instance == instance && r.Domain == domain).Waiting.Add(probe);
            return;
        }

        slowReads.Add(new SlowRead(Now + seconds, instance, domain, gate, [probe]));
        Log($"  i{instance} starts a storage read for {domain} that takes {seconds}s");
    }

    /// <summary>The gate a storage read of the instance waits for: the slow one armed for it (used once), else none.</summary>
    private Task ConsumeSlowGate(int instance)
    {
        var gate = slowGate[instance];
        slowGate[instance] = null;
        return gate?.Task ?? Task.CompletedTask;
    }

    /// <summary>Runs a request; if it waits for a slow read, it finishes when that read does.</summary>
    private async Task ServeOrWaitAsync(int instance, string domain, Func<Task> request)
    {
        var task = request();
        if (task.IsCompleted)
        {
            await task.ConfigureAwait(false);
            return;
        }

        var waiting = slowReads.LastOrDefault(r => r.Instance == instance && r.Domain == domain)
            ?? throw new InvalidOperationException($"a request on i{instance} for {domain} waits, but for no slow read");
        Log($"  the request on i{instance} for {domain} waits for a slow read");
        waiting.Waiting.Add(task);
    }

    private async Task AdminAsync(int instance, string domain, int policy)
    {
        var admin = admins[instance];
        var before = (book.Current(domain)?.Version, store.Row(domain) is null);
        var result = policy < 0
            ? await admin.DeleteAsync(domain, default).ConfigureAwait(false)
            : await admin.PutAsync(domain, PolicyBody(domain, policy), default).ConfigureAwait(false);
        Log($"  admin {(policy < 0 ? "DELETE" : "PUT p" + policy)} on i{instance}: {result.Outcome} {result.Tenant?.State}");
        if (Now < outageUntil[instance] || before == (book.Current(domain)?.Version, store.Row(domain) is null))
        {
            return;
        }

        // Invariant (e): the instance that took the change serves it at once.
        var expected = store.Row(domain)?.PolicyText;
        var served = await ServeAsync(instance, domain).ConfigureAwait(false);
        if (served != expected)
        {
            book.Fail('e', $"{domain}: instance i{instance} took an admin change but serves {(served is null ? "nothing" : "v" + book.ByText(domain, served)?.Version)} instead of {(expected is null ? "nothing" : "v" + book.ByText(domain, expected)?.Version)}");
        }
    }

    private async Task<string?> ServeAsync(int instance, string domain)
    {
        var lookup = await instances[instance].GetAsync(domain, default).ConfigureAwait(false);
        if (lookup.Status != PolicyLookupStatus.Found)
        {
            Log($"  i{instance} answers {lookup.Status} for {domain}");
            return null;
        }

        var text = Encoding.UTF8.GetString(lookup.Body!);
        Log($"  i{instance} serves v{book.ByText(domain, text)?.Version}{(lookup.Stale ? " (stale)" : string.Empty)} for {domain}");
        book.Served(domain, text, dns.Records(RecordName(domain)));
        return text;
    }

    private async Task SenderActsAsync(SimulatedSender sender, int instance, string domain)
    {
        var records = sender.LookUp(RecordName(domain), Now, () => dns.Records(RecordName(domain)));
        var txt = StsTxtRecordParser.ParseRecordSet(records);
        if (!txt.IsValid)
        {
            Log($"  sender {sender.Index} finds no record (keeps {sender.Held(domain, Now)?.Id ?? "nothing"})");
            return;
        }

        var id = txt.Record!.Id;
        if (!sender.NeedsFetch(domain, id, Now))
        {
            sender.SawSameId(domain, Now);
            Log($"  sender {sender.Index} sees id {id} and keeps its policy{(sender.Renews ? ", renewed" : string.Empty)}");
            return;
        }

        await ServeOrWaitAsync(instance, domain, async () =>
        {
            var text = await ServeAsync(instance, domain).ConfigureAwait(false);
            if (text is not null && book.ByText(domain, text) is { } version)
            {
                sender.Store(domain, id, text, version.MaxAge, Now);
                book.SenderStored(domain, id, text, sender.Index);
            }
        }).ConfigureAwait(false);
    }

    private void Drift(string domain, int mode)
    {
        var name = RecordName(domain);
        var records = dns.Records(name);
        var sts = records.Where(TxtRecordSet.IsStsString).ToArray();
        IReadOnlyList<string> edited = mode switch
        {
            0 => records.Where(r => !TxtRecordSet.IsStsString(r)).ToArray(),
            1 => [.. records, .. sts],
            _ => [.. records.Where(r => !TxtRecordSet.IsStsString(r)), "v=STSv1; id=handmade" + Now],
        };
        dns.Edit(name, edited);
        book.DnsEdited(domain, records, edited);

        // Drift of a tenant whose next id is waiting its window is put right by that publication, not before.
        book.LastFaultAt = Now + config.WindowSeconds;
        Log($"  hand edit of {name}: [{string.Join(" | ", edited)}]");
    }

    private Exception? TableFault(StoreCall call, string domain)
    {
        var hit = tableFaults > 0 && (tableFaultMode, call) is (0, StoreCall.Write) or (1, StoreCall.WriteApplied) or (2, StoreCall.List);
        if (!hit)
        {
            return null;
        }

        tableFaults--;
        faultInRun = true;
        book.LastFaultAt = Now;
        Log($"  table fault ({call}) {domain}");
        return new RequestFailedException(503, "table storage is unavailable");
    }

    private Exception? DnsFault(DnsCall call, string name)
    {
        var hit = dnsFaults > 0 && (dnsFaultMode, call) is (0, DnsCall.Read) or (1, DnsCall.Write) or (2, DnsCall.WriteApplied);
        if (!hit)
        {
            return null;
        }

        dnsFaults--;
        faultInRun = true;
        book.LastFaultAt = Now;
        Log($"  DNS fault ({call}) {name}");
        return new DnsPublishException("DNS server failed");
    }

    private void RaceAgainstWrite(string name)
    {
        if (race is not { } e || Domain(e.Domain) != DomainOf(name))
        {
            return;
        }

        race = null;
        Log($"  race: an admin change during the rotator's write");
        AdminAsync(e.Instance, DomainOf(name), e.Arg).GetAwaiter().GetResult();
    }

    private void RaceAnotherRotator(string name)
    {
        if (!raceRotator)
        {
            return;
        }

        raceRotator = false;
        Log($"  race: a second rotator run goes through while the first is about to read {name}");
        try
        {
            var summary = secondRotator.RunAsync(default).GetAwaiter().GetResult();
            Log($"  second rotator: {summary}");
        }
        catch (RequestFailedException e)
        {
            Log($"  second rotator run failed: {e.Message}");
        }
    }

    private static byte[] PolicyBody(string domain, int index)
    {
        var (mode, mx, maxAge) = ScenarioGenerator.Policies[index];
        var hosts = string.Join(",", mx.Select(m => $"\"{m}.{domain}\""));
        return Encoding.UTF8.GetBytes($$"""{"mode":"{{mode}}","mx":[{{hosts}}],"maxAge":{{maxAge}}}""");
    }

    private void Log(string line) => trace?.Add(line);

    /// <summary>A storage read that returns at <see cref="At"/>, and the requests waiting for it.</summary>
    private sealed record SlowRead(long At, int Instance, string Domain, TaskCompletionSource Gate, List<Task> Waiting);
}
