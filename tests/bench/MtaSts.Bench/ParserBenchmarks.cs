using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MtaSts.Core.Reports;

namespace MtaSts.Bench;

/// <summary>The TLS report parser over every JSON report of the conformance corpus, against <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> of the same bytes as the floor.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    public static readonly byte[][] Reports = Directory
        .EnumerateFiles(Path.Combine(Environment.GetEnvironmentVariable("MTASTS_CONFORMANCE_DIR") ?? "../shared/conformance", "tlsrpt"), "*.json", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith("EXPECTATIONS.json", StringComparison.Ordinal) && !f.Contains("vectors", StringComparison.Ordinal) && !f.EndsWith("rpt03.json", StringComparison.Ordinal))
        .Select(File.ReadAllBytes)
        .ToArray();

    public static long TotalBytes => Reports.Sum(r => (long)r.Length);

    [Benchmark(Baseline = true)]
    public int JsonDocumentFloor()
    {
        var n = 0;
        foreach (var report in Reports)
        {
            using var document = JsonDocument.Parse(report);
            n += document.RootElement.ValueKind == JsonValueKind.Object ? 1 : 0;
        }

        return n;
    }

    [Benchmark]
    public int TlsReportParser()
    {
        var n = 0;
        foreach (var report in Reports)
        {
            n += TlsReportJsonParser.Parse(report, "fallback.example").Policies.Count;
        }

        return n;
    }

    public static int Run(bool quick)
    {
        // In process: no generated project to build, and the same runtime as the code under test.
        var job = (quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job.WithId(quick ? "quick" : "default")).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        Summary summary = BenchmarkRunner.Run<ParserBenchmarks>(config);
        foreach (var report in summary.Reports)
        {
            var seconds = report.ResultStatistics!.Mean / 1e9;
            var megabytesPerSecond = TotalBytes / seconds / 1e6;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            Console.WriteLine($"PARSER {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} {megabytesPerSecond:F1} MB/s {allocated} B/op over {Reports.Length} reports ({TotalBytes} bytes)");
        }

        return 0;
    }
}
