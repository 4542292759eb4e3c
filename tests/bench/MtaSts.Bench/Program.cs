using MtaSts.Bench;

// The benchmark helper behind tests/bench/run.sh:
//   seed CONNECTION TENANTS            add TENANTS published tenants (tenant00000.bench ...) to the tenants table
//   parser [--quick]                   BenchmarkDotNet: the TLS report parser against JsonDocument.Parse
//   ingest CONNECTION REPORTS          ingest REPORTS distinct reports into Table storage; reports/s
//   rotation CONNECTION DNS KEY SECRET a 10,000-tenant rotation run with 10 pending against an RFC 2136 server
//   warmup URL TENANTS                 request every tenant's policy once
//   worst-input                        parse the worst e-mail intake accepts; peak RSS
return args.FirstOrDefault() switch
{
    "seed" => await Seeding.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
    "parser" => ParserBenchmarks.Run(args.Contains("--quick")),
    "ingest" => await IngestBenchmark.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
    "rotation" => await RotationBenchmark.RunAsync(args[1], args[2], args[3], args[4]),
    "warmup" => await Warmup.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
    "worst-input" => await WorstInput.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: MtaSts.Bench seed|parser|ingest|rotation|warmup|worst-input ... (see tests/bench/run.sh)");
    return 2;
}
