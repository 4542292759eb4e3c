using System.Globalization;
using Cronos;

namespace MtaSts.DevHost.Hosting;

/// <summary>
/// A timer trigger's schedule as the Functions host reads it: <c>%Setting%</c> resolved from configuration, then a
/// six-field NCRONTAB expression with seconds (<c>0 */5 * * * *</c>), a five-field one, or a <c>hh:mm:ss</c> interval.
/// Times are UTC, as on the Functions host by default.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CronExpression? cron;
    private readonly TimeSpan interval;

    private TimerSchedule(string text, CronExpression? cron, TimeSpan interval)
    {
        Text = text;
        this.cron = cron;
        this.interval = interval;
    }

    public string Text { get; }

    public static TimerSchedule Parse(string? schedule, IConfiguration configuration, string functionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = schedule ?? string.Empty;
        if (text.Length > 2 && text.StartsWith('%') && text.EndsWith('%'))
        {
            var setting = text[1..^1];
            text = configuration[setting] ?? throw new InvalidOperationException($"The setting {setting} (the schedule of {functionName}) is not set.");
        }

        try
        {
            var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (fields == 1 && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var every) && every > TimeSpan.Zero)
            {
                return new TimerSchedule(text, null, every);
            }

            var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            return new TimerSchedule(text, CronExpression.Parse(text, format), TimeSpan.Zero);
        }
        catch (CronFormatException e)
        {
            throw new InvalidOperationException($"The schedule '{text}' of {functionName} is not a valid NCRONTAB expression: {e.Message}", e);
        }
    }

    public DateTimeOffset Next(DateTimeOffset after) =>
        cron is null ? after + interval : cron.GetNextOccurrence(after, TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue;
}
