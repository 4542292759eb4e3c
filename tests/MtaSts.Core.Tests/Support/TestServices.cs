using Microsoft.Extensions.Logging.Abstractions;
using MtaSts.Core.Admin;
using MtaSts.Core.Serving;
using MtaSts.Core.Tenants;

namespace MtaSts.Core.Tests.Support;

/// <summary>Services built the way the function app builds them, for tests.</summary>
public static class TestServices
{
    /// <summary>A <see cref="TenantAdmin"/> running on the instance whose cache is <paramref name="cache"/>.</summary>
    public static TenantAdmin Admin(ITenantStore store, TimeProvider time, PolicyCache? cache = null, string? zone = null) =>
        new(store, time, new CustomerRecordPlanner(TestOptions.Serving(), TestOptions.Dns(zone)), TestOptions.Window(), NullLogger<TenantAdmin>.Instance, cache);
}
