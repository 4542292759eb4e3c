using System.Collections.Concurrent;
using System.Globalization;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;
using MtaSts.Core.Tests.Support;
using MtaSts.IntegrationTests.Support;
using Xunit.Abstractions;

namespace MtaSts.IntegrationTests.Fuzz;

/// <summary>
/// Fuzzes report intake: every corpus report and e-mail is mutated (<see cref="FuzzEditKind"/>, <see cref="FuzzContainer"/>)
/// and fed to the parser; every input that parsed, and one in a hundred of the rest, then goes through intake and
/// ingest against Azurite. Every input must end stored or refused with a reason (never another exception, never a
/// <c>parser-error</c>), no blob may stay in the inbox, and the summaries must still answer. Prints
/// <c>fuzz: N inputs, S stored, R refused, E unexpected errors, peak RSS X MB</c>; <c>MTASTS_FUZZ_SEED</c> and
/// <c>MTASTS_FUZZ_RUNS</c> choose the run, and a failure names the seed and index that reproduce it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReportFuzzTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    public const int DefaultSeed = 20261201;
    public const int DefaultRuns = 2000;

    /// <summary>A small decompression budget keeps bombs cheap; the bounds scale with it.</summary>
    private const int MaxDecompressedBytes = 4 * 1024 * 1024;

    private static readonly string Corpus = Path.Combine(MtaSts.DevHost.Hosting.AzuriteProcess.RepositoryRoot(), "..", "shared", "conformance", "tlsrpt");

    /// <summary>DKIM keys are looked up here: every lookup fails at once, as for a domain without the key.</summary>
    private readonly DnsResponder dns = new();

    /// <summary>Storage faults retried (<see cref="ProcessWithRetriesAsync"/>); printed with the totals.</summary>
    private int storageRetries;

    public void Dispose() => dns.Dispose();

    [Fact]
    public async Task Every_mutated_input_ends_stored_or_refused_with_a_reason()
    {
        var seed = Setting("MTASTS_FUZZ_SEED", DefaultSeed);
        var runs = Setting("MTASTS_FUZZ_RUNS", DefaultRuns);
        var seeds = FuzzSeed.LoadCorpus(Corpus);
        var gen = FuzzGenerators.Case(seeds.Count);
        var parser = Parser(DkimMode.Record);
        var unexpected = new ConcurrentBag<(int Index, FuzzCase Case, string Error)>();
        var toIngest = new ConcurrentBag<(int Index, FuzzCase Case, byte[] Bytes, string Channel, string Name, string MediaType)>();
        var parsed = 0;
        var refusedByParser = 0;
        var parsedIndexes = new ConcurrentDictionary<int, bool>();
        await Parallel.ForEachAsync(Enumerable.Range(0, runs), async (index, ct) =>
        {
            var fuzzCase = FuzzGenerators.Generate(gen, seed, index);
            var (bytes, channel, name, mediaType) = FuzzInputBuilder.Build(seeds[fuzzCase.Seed], fuzzCase, MaxDecompressedBytes + (MaxDecompressedBytes / 2));
            try
            {
                await parser.ParseAsync(bytes, name, ct);
                Interlocked.Increment(ref parsed);
                parsedIndexes[index] = true;
                toIngest.Add((index, fuzzCase, bytes, channel, name, mediaType));
            }
            catch (ReportRefusedException)
            {
                Interlocked.Increment(ref refusedByParser);
                if (index % 100 == 0)
                {
                    toIngest.Add((index, fuzzCase, bytes, channel, name, mediaType));
                }
            }
            catch (Exception e)
            {
                unexpected.Add((index, fuzzCase, $"parser: {e.GetType().Name}: {e.Message}"));
                Console.WriteLine($"fuzz: unexpected at index {index} ({fuzzCase}): {e}");
            }
        });

        // Azurite keeps everything in memory and slows down (and at last stalls) as it grows, so every thousand inputs
        // get fresh tables, deleted once checked, and the archive and rejected blobs of the thousand before are deleted.
        var stored = 0;
        var refused = 0;
        foreach (var chunk in toIngest.OrderBy(t => t.Index).Chunk(1000))
        {
            var (s, r) = await IngestAsync(seeds, chunk, parsedIndexes, unexpected);
            (stored, refused) = (stored + s, refused + r);
            foreach (var container in new[] { ReportContainers.Archive, ReportContainers.Rejected, ReportContainers.Inbox })
            {
                var client = azurite.Blobs.GetBlobContainerClient(container);
                await foreach (var blob in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, default))
                {
                    await client.DeleteBlobIfExistsAsync(blob.Name);
                }
            }
        }

        var peak = PeakRssMegabytes();
        var summary = string.Create(CultureInfo.InvariantCulture, $"fuzz: {runs} inputs, {stored} stored, {refusedByParser + refused} refused, {unexpected.Count} unexpected errors, peak RSS {peak} MB ({parsed} parsed, {toIngest.Count} ingested, {storageRetries} storage faults retried; MTASTS_FUZZ_SEED={seed}, MTASTS_FUZZ_RUNS={runs})");
        output.WriteLine(summary);
        Console.WriteLine(summary);
        foreach (var (index, fuzzCase, error) in unexpected.OrderBy(u => u.Index).Take(10))
        {
            output.WriteLine($"  MTASTS_FUZZ_SEED={seed} index {index}: {fuzzCase} (from {seeds[fuzzCase.Seed].Name}): {error}");
        }

        Assert.True(unexpected.IsEmpty, summary);
    }

    /// <summary>
    /// Ingests <paramref name="inputs"/>; returns how many of those that parsed were stored and refused (those the
    /// parser refused were counted then; ingest must refuse them too).
    /// </summary>
    private async Task<(int Stored, int Refused)> IngestAsync(IReadOnlyList<FuzzSeed> seeds, IReadOnlyList<(int Index, FuzzCase Case, byte[] Bytes, string Channel, string Name, string MediaType)> inputs, ConcurrentDictionary<int, bool> parsedIndexes, ConcurrentBag<(int, FuzzCase, string)> unexpected)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        var tenants = new InMemoryTenantStore();
        foreach (var domain in await PolicyDomainsAsync(seeds))
        {
            await tenants.AddAsync(new Tenant { Domain = domain, Policy = new StsPolicy(PolicyMode.Testing, ["mx." + domain], 86400), CreatedAt = time.GetUtcNow(), PolicyChangedAt = time.GetUtcNow() }, default);
        }

        var options = Options.Create(Settings(DkimMode.Record));
        var prefix = "f" + Guid.NewGuid().ToString("N")[..10];
        var store = new TableTlsReportStore(azurite.Tables, prefix);
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants, store, time, options, NullLogger<ReportIngestor>.Instance);
        var processor = new InboxProcessor(azurite.Blobs, ingestor, options, time, NullLogger<InboxProcessor>.Instance);
        var receiver = new ReportReceiver(azurite.Blobs, time, NullLogger<ReportReceiver>.Instance);
        var inbox = azurite.Blobs.GetBlobContainerClient(ReportContainers.Inbox);
        await inbox.CreateIfNotExistsAsync();
        var stored = 0;
        var refused = 0;
        await Parallel.ForEachAsync(inputs, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (input, ct) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var outcome = await IngestOneAsync(input, receiver, inbox, processor, ct);
                    var hadParsed = parsedIndexes.ContainsKey(input.Index);
                    if (outcome is null && !hadParsed)
                    {
                        outcome = "ingest: the parser refused this input, yet ingest stored it";
                    }

                    if (outcome is null)
                    {
                        Interlocked.Increment(ref stored);
                    }
                    else if (outcome.Length == 0)
                    {
                        if (hadParsed)
                        {
                            Interlocked.Increment(ref refused);
                        }
                    }
                    else
                    {
                        unexpected.Add((input.Index, input.Case, outcome));
                        Console.WriteLine($"fuzz: unexpected at index {input.Index} ({input.Case}): {outcome}");
                    }

                    return;
                }
                catch (Exception e) when (attempt < 3 && IsStorageFault(e))
                {
                    // Azurite, not the service: the whole input (upload included) is tried again, as a sender would.
                    Interlocked.Increment(ref storageRetries);
                    Console.WriteLine($"fuzz: storage fault at index {input.Index}, the input is tried again ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
                    await Task.Delay(TimeSpan.FromSeconds(attempt * 5), ct);
                }
                catch (Exception e)
                {
                    unexpected.Add((input.Index, input.Case, $"ingest: {e.GetType().Name}: {e.Message}"));
                    Console.WriteLine($"fuzz: unexpected at index {input.Index} ({input.Case}): {e}");
                    return;
                }
            }
        });

        var summaries = new ReportSummaryService(tenants, store, time, options);
        foreach (var tenant in tenants.All)
        {
            foreach (var (from, to) in new[] { ((string?)null, (string?)null), ("2016-01-01", "2016-12-31"), ("2019-01-01", "2019-12-31"), ("2024-01-01", "2024-12-31") })
            {
                var (_, outcome, errors) = await summaries.GetAsync(tenant.Domain, from, to, default);
                if (outcome != Core.Admin.AdminOutcome.Found)
                {
                    unexpected.Add((-1, new FuzzCase(0, FuzzContainer.Json, 0, []), $"summary of {tenant.Domain}: {outcome} {string.Join("; ", errors)}"));
                }
            }
        }

        // Azurite keeps every table in memory: a long run's hundred chunks of tables made it stall for minutes.
        await foreach (var table in azurite.Tables.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(prefix + "~") < 0))
        {
            await azurite.Tables.DeleteTableAsync(table.Name);
        }

        return (stored, refused);
    }

    /// <summary>One input through intake and ingest: null when stored, empty when refused with a reason, else what went wrong.</summary>
    private async Task<string?> IngestOneAsync((int Index, FuzzCase Case, byte[] Bytes, string Channel, string Name, string MediaType) input, ReportReceiver receiver, Azure.Storage.Blobs.BlobContainerClient inbox, InboxProcessor processor, CancellationToken ct)
    {
        var name = input.Name;
        if (input.Channel == "https")
        {
            name = await receiver.StoreAsync(input.Bytes, input.MediaType, "192.0.2.1", ct);
        }
        else
        {
            await inbox.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(input.Bytes), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["channel"] = "email" } }, ct);
        }

        var destination = await ProcessWithRetriesAsync(processor, name, ct);
        if (await inbox.GetBlobClient(name).ExistsAsync(ct))
        {
            return "ingest: the blob is still in the inbox";
        }

        if (destination == ReportContainers.Archive)
        {
            return null;
        }

        BlobProperties rejected = await azurite.Blobs.GetBlobContainerClient(ReportContainers.Rejected).GetBlobClient(name).GetPropertiesAsync(cancellationToken: ct);
        return !rejected.Metadata.TryGetValue("reason", out var reason) || reason.Length == 0 || (rejected.Metadata.TryGetValue("code", out var code) && code == ReportRefusedException.ParserError)
            ? $"ingest: rejected without a reason, or as parser-error: {reason}"
            : string.Empty;
    }

    /// <summary>Faults of the storage emulator (timeouts, connection resets, 5xx) rather than of the code under test.</summary>
    private static bool IsStorageFault(Exception e) =>
        e is AggregateException or TimeoutException or TaskCanceledException or System.Net.Http.HttpRequestException
        || e is Azure.RequestFailedException { Status: 0 or >= 500 };

    /// <summary>
    /// Processes one inbox blob as the trigger and the inbox sweep would: a storage fault (Azurite timing out under load)
    /// leaves the blob in the inbox to be tried again, which is the service's design, so it is tried again here, up to
    /// three times, and counted. Anything else, and a fault that outlasts the retries, is an unexpected error.
    /// </summary>
    private async Task<string?> ProcessWithRetriesAsync(InboxProcessor processor, string name, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await processor.ProcessAsync(name, cancellationToken);
            }
            catch (Exception e) when (attempt < 3 && IsStorageFault(e) && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref storageRetries);
                Console.WriteLine($"fuzz: storage fault on {name}, tried again ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    private async Task<IReadOnlyList<string>> PolicyDomainsAsync(IReadOnlyList<FuzzSeed> seeds)
    {
        var parser = Parser(DkimMode.Off);
        var domains = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in seeds)
        {
            try
            {
                var source = await parser.ParseAsync(seed.Bytes, seed.Name, default);
                domains.UnionWith(source.Reports.SelectMany(r => r.Policies).Select(p => p.PolicyDomain));
            }
            catch (ReportRefusedException)
            {
            }
        }

        return [.. domains.Order(StringComparer.Ordinal)];
    }

    private ReportInputParser Parser(DkimMode dkim)
    {
        var options = Options.Create(Settings(dkim));
        return new ReportInputParser(options, new DkimChecker(options));
    }

    private ReportOptions Settings(DkimMode dkim) => new()
    {
        Dkim = dkim,
        DkimDnsServer = dns.Endpoint,
        MaxDecompressedBytes = MaxDecompressedBytes,
        MaxReportAgeDays = 36500,
        TempErrorRetryHours = 0,
        Evidence = string.Join(',', Provenance.All),
    };

    private static long PeakRssMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
