using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.DevHost.Hosting;
using MtaSts.IntegrationTests.Support;

namespace MtaSts.IntegrationTests.DevHost;

/// <summary>The DevHost's timer loop, blob poller and run-now path on sample functions, against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class NonHttpFunctionTests(AzuriteFixture azurite)
{
    private readonly SampleRecorder recorder = new();
    private readonly IReadOnlyList<FunctionDescriptor> functions = FunctionCatalog.Discover(typeof(SampleTimer).Assembly);

    private ServiceProvider Services() => new ServiceCollection()
        .AddSingleton(recorder)
        .AddSingleton(azurite.Blobs)
        .AddSingleton<FunctionInvoker>()
        .AddSingleton<NonHttpFunctionRunner>()
        .BuildServiceProvider();

    private FunctionDescriptor Function(string name) => functions.Single(f => f.Name == name);

    [Fact]
    public void Catalog_reads_timer_and_blob_triggers()
    {
        Assert.Equal(TriggerKind.Timer, Function(nameof(SampleTimer)).Trigger);
        Assert.Equal("%SampleSchedule%", Function(nameof(SampleTimer)).Schedule);
        Assert.Equal("sample-inbox/{name}", Function(nameof(SampleBlob)).BlobPath);
    }

    [Fact]
    public async Task Timer_loop_runs_on_the_CRON_schedule()
    {
        using var services = Services();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 12, 0, 1, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SampleSchedule"] = "*/10 * * * * *" }).Build();
        using var loop = new TimerFunctionLoop(
            [Function(nameof(SampleTimer))], services.GetRequiredService<NonHttpFunctionRunner>(), configuration,
            Options.Create(new DevHostOptions()), time, NullLogger<TimerFunctionLoop>.Instance);

        await loop.StartAsync(default);
        await WaitUntilAsync(() => time.Advance(TimeSpan.FromSeconds(1)), () => recorder.Calls.Count >= 2);
        await loop.StopAsync(default);

        Assert.All(recorder.Calls, c => Assert.Equal("timer:True", c));
        Assert.True(time.GetUtcNow() >= new DateTimeOffset(2026, 11, 29, 12, 0, 20, TimeSpan.Zero));
    }

    [Fact]
    public async Task Blob_poller_runs_each_new_blob_once_and_gives_up_after_repeated_failures()
    {
        using var services = Services();
        var container = azurite.Blobs.GetBlobContainerClient("sample-inbox");
        await container.DeleteIfExistsAsync();
        await container.CreateAsync();
        await container.UploadBlobAsync("one.json", BinaryData.FromString("1"));
        await container.UploadBlobAsync("two.json", BinaryData.FromString("2"));
        var poller = new BlobTriggerPoller(functions, services.GetRequiredService<NonHttpFunctionRunner>(), azurite.Blobs,
            Options.Create(new DevHostOptions()), TimeProvider.System, NullLogger<BlobTriggerPoller>.Instance);
        recorder.FailuresLeft = 1;

        await poller.PollAsync(Function(nameof(SampleBlob)), default);
        await poller.PollAsync(Function(nameof(SampleBlob)), default);
        await poller.PollAsync(Function(nameof(SampleBlob)), default);

        Assert.Equal(["blob:one.json:1", "blob:two.json:2"], recorder.Calls.Order());

        await container.UploadBlobAsync("poison.json", BinaryData.FromString("p"));
        recorder.FailuresLeft = 100;
        for (var i = 0; i < BlobTriggerPoller.MaxAttempts + 3; i++)
        {
            await poller.PollAsync(Function(nameof(SampleBlob)), default);
        }

        Assert.Equal(100 - BlobTriggerPoller.MaxAttempts, recorder.FailuresLeft);
    }

    [Fact]
    public async Task Run_now_runs_a_blob_function_on_the_named_blob()
    {
        using var services = Services();
        var container = azurite.Blobs.GetBlobContainerClient("sample-inbox");
        await container.CreateIfNotExistsAsync();
        await container.UploadBlobAsync("now.json", BinaryData.FromString("now"), default);

        await services.GetRequiredService<NonHttpFunctionRunner>().RunAsync(Function(nameof(SampleBlob)), "sample-inbox/now.json", default);
        await services.GetRequiredService<NonHttpFunctionRunner>().RunAsync(Function(nameof(SampleTimer)), null, default);

        Assert.Equal(["blob:now.json:now", "timer:True"], recorder.Calls);
    }

    [Theory]
    [InlineData("0 */5 * * * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("00:05:00")]
    public void Schedules_in_every_form_the_host_accepts(string schedule)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["S"] = schedule }).Build();
        var start = new DateTimeOffset(2026, 11, 29, 12, 1, 0, TimeSpan.Zero);

        Assert.Equal(start.AddMinutes(schedule == "00:05:00" ? 5 : 4), TimerSchedule.Parse("%S%", configuration, "F").Next(start));
    }

    [Theory]
    [InlineData("%Missing%", "Missing")]
    [InlineData("every five minutes", "not a valid NCRONTAB")]
    public void Bad_schedules_fail_with_the_setting_named(string schedule, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TimerSchedule.Parse(schedule, new ConfigurationBuilder().Build(), "F"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Action step, Func<bool> done)
    {
        for (var i = 0; i < 200 && !done(); i++)
        {
            step();
            await Task.Delay(20);
        }

        Assert.True(done());
    }
}
