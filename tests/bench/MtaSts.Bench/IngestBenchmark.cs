using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MtaSts.Core.Policies;
using MtaSts.Core.Reports;
using MtaSts.Core.Tenants;

namespace MtaSts.Bench;

/// <summary>Ingest throughput: distinct copies of the RFC 8460 example report (3 failure details each) into Table storage.</summary>
public static class IngestBenchmark
{
    public static async Task<int> RunAsync(string connection, int count)
    {
        var service = new TableServiceClient(connection);
        var tenants = new TableTenantStore(service, "ingestbenchtenants");
        try
        {
            await tenants.AddAsync(new Tenant { Domain = "company-y.example", Policy = new StsPolicy(PolicyMode.Testing, ["*.mail.company-y.example"], 86400), CreatedAt = DateTimeOffset.UtcNow, PolicyChangedAt = DateTimeOffset.UtcNow }, default);
        }
        catch (TenantConflictException)
        {
        }

        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off, MaxReportsPerTenantDay = 100_000 });
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants,
            new TableTlsReportStore(service, "b" + Guid.NewGuid().ToString("N")[..8]), TimeProvider.System, options, NullLogger<ReportIngestor>.Instance);
        var template = File.ReadAllText(Path.Combine(Environment.GetEnvironmentVariable("MTASTS_CONFORMANCE_DIR") ?? "../shared/conformance", "tlsrpt/parsedmarc/rfc8460.json"))
            .Replace("2016-04-01", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var reports = Enumerable.Range(0, count)
            .Select(i => Encoding.UTF8.GetBytes(template.Replace("5065427c-23d3-47ca-b6e0-946ea0e8c4be", $"bench-{i}", StringComparison.Ordinal)))
            .ToArray();

        // All on one tenant-day, the case that used to recompute the whole day per report: the rate of the last
        // hundred must be close to the rate of the first hundred.
        await ingestor.IngestAsync(reports[0], "warmup.json", "https", default);
        var watch = Stopwatch.StartNew();
        var stored = 0;
        var hundreds = new List<double>();
        var lap = Stopwatch.StartNew();
        foreach (var chunk in reports.Skip(1).Chunk(100))
        {
            await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (report, ct) =>
            {
                var result = await ingestor.IngestAsync(report, "bench.json", "https", ct);
                Interlocked.Add(ref stored, result.Stored);
            });
            hundreds.Add(chunk.Length / lap.Elapsed.TotalSeconds);
            lap.Restart();
        }

        watch.Stop();
        Console.WriteLine($"INGEST {stored} same-day reports in {watch.Elapsed.TotalSeconds:F2} s = {stored / watch.Elapsed.TotalSeconds:F0} reports/s (parallelism 8, Azurite)");
        Console.WriteLine($"INGEST per hundred, reports/s: {string.Join(" ", hundreds.Select(h => h.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}");
        return stored == count - 1 ? 0 : 1;
    }
}
