using Microsoft.Extensions.Options;
using MtaSts.Core.Dns;
using MtaSts.Core.Serving;

namespace MtaSts.Core.Tests.Support;

/// <summary>Options objects for tests.</summary>
public static class TestOptions
{
    public static IOptions<PolicyOptions> Policy(int cacheSeconds = 60, int maxCachedTenants = 100_000) =>
        Options.Create(new PolicyOptions { CacheSeconds = cacheSeconds, MaxCachedTenants = maxCachedTenants });

    public static IOptions<ProxyOptions> Proxy(string? frontDoorId = null) => Options.Create(new ProxyOptions { TrustedFrontDoorId = frontDoorId });

    public static IOptions<ServingOptions> Serving(string host = "mtasts.example.net") => Options.Create(new ServingOptions { PublicHostName = host });

    public static IOptions<DnsOptions> Dns(string? zone = null) => Options.Create(new DnsOptions { DelegationZone = zone });

    public static IOptions<RotationOptions> Rotation(int safetyMarginSeconds = 60, int verifyBatchSize = 20) =>
        Options.Create(new RotationOptions { SafetyMarginSeconds = safetyMarginSeconds, VerifyBatchSize = verifyBatchSize });

    public static RotationWindow Window(int cacheSeconds = 60, int safetyMarginSeconds = 60) =>
        new(Policy(cacheSeconds), Rotation(safetyMarginSeconds));
}
