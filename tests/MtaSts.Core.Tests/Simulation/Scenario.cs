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
/// <see cref="TenantAdmin"/> and <see cref="PolicyIdRotator"/> over a shared simulated table and DNS and a
/// <see cref="FakeTimeProvider"/>. The rotator runs on its timer (sometimes late, sometimes skipped); between ticks
/// the plan's events happen; <see cref="ScenarioBook"/> checks the invariants at every step.
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
    private readonly SimulatedSender[] senders;
    private readonly ScenarioBook book;
    private readonly long[] outageUntil;
    private int dnsFaults;
    private int dnsFaultMode;
    private int tableFaults;
    private int tableFaultMode;
    private SimEvent? race;
    private bool faultInRun;

    private Scenario(ScenarioPlan plan, bool tracing)
    {
        this.plan = plan;
        config = plan.Config;
        trace = tracing ? [] : null;
        book = new ScenarioBook(config, () => Now, Log);
        outageUntil = new long[config.Instances];
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
            var servingStore = store.View(StoreRole.Serving, (call, _) => call == StoreCall.Read && Now < outageUntil[instance] ? new RequestFailedException(503, "storage down") : null);
            instances[i] = new PolicyCache(servingStore, time, policy, window, NullLogger<PolicyCache>.Instance);
            admins[i] = new TenantAdmin(adminStore, time, new CustomerRecordPlanner(TestOptions.Serving(), TestOptions.Dns()), window, NullLogger<TenantAdmin>.Instance, instances[i]);
        }

        rotator = new PolicyIdRotator(store.View(StoreRole.Rotator, TableFault), dns, time, window, rotation, TestOptions.Dns(), NullLogger<PolicyIdRotator>.Instance);
        var random = new Random(plan.Seed);
        senders = Enumerable.Range(0, config.Senders).Select(s => new SimulatedSender(s, random.Next(4) == 0 ? 0 : random.Next(1, SimulationConfig.MaxDnsTtlSeconds + 1))).ToArray();

        store.AdminWrote = (domain, version, tenant) => book.AdminWrote(domain, version, tenant.Policy, tenant.PolicyText);
        store.RotatorListed = book.RotatorListed;
        store.RowDeleted = (domain, role) =>
        {
            Log($"  {role} deleted the tenant row of {domain}");
            book.RowDeleted(domain);
        };
        dns.Changed = (name, before, after) => book.DnsChanged(DomainOf(name), before, after);
        dns.Fault = DnsFault;
        dns.AfterWrite = RaceAgainstWrite;
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

    private async Task RunAsync()
    {
        var ticks = new RotatorSchedule(plan.Seed, config);
        var lastEventAt = 0L;
        foreach (var e in plan.Events)
        {
            while (ticks.Next <= e.At)
            {
                await TickAsync(ticks, lastEventAt).ConfigureAwait(false);
            }

            time.SetUtcNow(Start.AddSeconds(e.At));
            lastEventAt = e.At;
            ticks.Resync(e.At);
            Log(e.ToString());
            await ApplyAsync(e).ConfigureAwait(false);
            AfterStep();
        }

        var end = lastEventAt + 400L * 86400;
        while (ticks.Next <= end)
        {
            await TickAsync(ticks, lastEventAt).ConfigureAwait(false);
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
                await ServeAsync(e.Instance, domain).ConfigureAwait(false);
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
        }
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
            Log($"  sender {sender.Index} sees id {id} and keeps its policy");
            return;
        }

        var text = await ServeAsync(instance, domain).ConfigureAwait(false);
        if (text is not null && book.ByText(domain, text) is { } version)
        {
            sender.Store(domain, id, text, version.MaxAge, Now);
            book.SenderStored(domain, id, text, sender.Index);
        }
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
        book.LastFaultAt = Now;
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

    private static byte[] PolicyBody(string domain, int index)
    {
        var (mode, mx, maxAge) = ScenarioGenerator.Policies[index];
        var hosts = string.Join(",", mx.Select(m => $"\"{m}.{domain}\""));
        return Encoding.UTF8.GetBytes($$"""{"mode":"{{mode}}","mx":[{{hosts}}],"maxAge":{{maxAge}}}""");
    }

    private void Log(string line) => trace?.Add(line);
}
