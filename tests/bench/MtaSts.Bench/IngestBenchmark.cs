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

        var options = Options.Create(new ReportOptions { Dkim = DkimMode.Off });
        var ingestor = new ReportIngestor(new ReportInputParser(options, new DkimChecker(options)), tenants,
            new TableTlsReportStore(service, "b" + Guid.NewGuid().ToString("N")[..8]), TimeProvider.System, NullLogger<ReportIngestor>.Instance);
        var template = File.ReadAllText(Path.Combine(Environment.GetEnvironmentVariable("MTASTS_CONFORMANCE_DIR") ?? "../shared/conformance", "tlsrpt/parsedmarc/rfc8460.json"));
        var reports = Enumerable.Range(0, count)
            .Select(i => Encoding.UTF8.GetBytes(template.Replace("5065427c-23d3-47ca-b6e0-946ea0e8c4be", $"bench-{i}", StringComparison.Ordinal)))
            .ToArray();

        await ingestor.IngestAsync(reports[0], "warmup.json", "https", default);
        var watch = Stopwatch.StartNew();
        var stored = 0;
        await Parallel.ForEachAsync(reports.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (report, ct) =>
        {
            var result = await ingestor.IngestAsync(report, "bench.json", "https", ct);
            Interlocked.Add(ref stored, result.Stored);
        });
        watch.Stop();
        Console.WriteLine($"INGEST {stored} reports in {watch.Elapsed.TotalSeconds:F2} s = {stored / watch.Elapsed.TotalSeconds:F0} reports/s (parallelism 8, Azurite)");
        return stored == count - 1 ? 0 : 1;
    }
}
