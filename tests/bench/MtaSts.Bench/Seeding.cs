using Azure.Data.Tables;
using MtaSts.Core.Policies;
using MtaSts.Core.Tenants;

namespace MtaSts.Bench;

/// <summary>Adds published tenants <c>tenant00000.bench</c> ... straight into the tenants table.</summary>
public static class Seeding
{
    public static string Domain(int i) => $"tenant{i:D5}.bench";

    public static async Task<int> RunAsync(string connection, int count)
    {
        var store = new TableTenantStore(new TableServiceClient(connection));
        await new TableServiceClient(connection).CreateTableIfNotExistsAsync(TableTenantStore.TableName);
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var tenant = Tenant(i, now);
            try
            {
                await store.AddAsync(tenant with { PublishedId = "20261129000000", PublishedVersion = tenant.PolicyVersion, PublishedAt = now, LastVerifiedAt = now.AddMinutes(-i) }, ct);
            }
            catch (TenantConflictException)
            {
                // Already seeded by an earlier run.
            }
        });
        Console.WriteLine($"seeded {count} tenants");
        return 0;
    }

    public static Tenant Tenant(int i, DateTimeOffset now) => new()
    {
        Domain = Domain(i),
        Policy = new StsPolicy(PolicyMode.Enforce, [$"mx1.{Domain(i)}", $"*.mx.{Domain(i)}"], 1209600),
        CreatedAt = now,
        PolicyChangedAt = now.AddDays(-1),
    };
}
