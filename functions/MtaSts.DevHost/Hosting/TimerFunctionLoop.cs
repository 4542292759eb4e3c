using Microsoft.Extensions.Options;

namespace MtaSts.DevHost.Hosting;

/// <summary>Runs each timer function on its schedule, like the Functions host's timer trigger; a failed run is logged and the next one still comes.</summary>
public sealed class TimerFunctionLoop(
    IReadOnlyList<FunctionDescriptor> functions,
    NonHttpFunctionRunner runner,
    IConfiguration configuration,
    IOptions<DevHostOptions> options,
    TimeProvider time,
    ILogger<TimerFunctionLoop> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunTimers)
        {
            return Task.CompletedTask;
        }

        var loops = functions
            .Where(f => f.Trigger == TriggerKind.Timer)
            .Select(f => RunAsync(f, TimerSchedule.Parse(f.Schedule, configuration, f.Name), stoppingToken));
        return Task.WhenAll(loops);
    }

    private async Task RunAsync(FunctionDescriptor function, TimerSchedule schedule, CancellationToken stoppingToken)
    {
        logger.LogInformation("Timer {Function} runs on schedule {Schedule}", function.Name, schedule.Text);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var delay = schedule.Next(now) - now;
            try
            {
                await Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, time, stoppingToken).ConfigureAwait(false);
                await runner.RunAsync(function, null, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Timer function {Function} failed", function.Name);
            }
        }
    }
}
