namespace MtaSts.Bench;

/// <summary>Requests every tenant's policy once, 64 at a time, so that the serving cache holds them all.</summary>
public static class Warmup
{
    public static async Task<int> RunAsync(string url, int tenants)
    {
        using var client = new HttpClient();
        var failures = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, tenants), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Host = $"mta-sts.{Seeding.Domain(i)}";
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Console.WriteLine($"warmed {tenants} tenants, {failures} failures");
        return failures == 0 ? 0 : 1;
    }
}
