using Connect.Domain;
using Connect.Domain.Feeds;
using Cronos;

namespace Connect.Infrastructure.Feeds;

/// <summary>A schedule as the operator edits it.</summary>
public sealed record ScheduleSettings(ScheduleMode Mode, int? Interval = null, TimeOnly? TimeOfDay = null, string? Cron = null)
{
    public static readonly ScheduleSettings Off = new(ScheduleMode.Off);

    public static ScheduleSettings Of(FeedSchedule schedule) => new(schedule.Mode, schedule.Interval, schedule.TimeOfDay, schedule.Cron);
}

/// <summary>
/// Next-run arithmetic and plain-words descriptions of schedules. "Daily at" and cron follow the server's local
/// time (so 02:30 stays 02:30 across daylight saving); results are UTC, as stored.
/// </summary>
public static class FeedScheduleRules
{
    /// <summary>The first run strictly after <paramref name="utcNow"/>, or null when the schedule is off.</summary>
    public static DateTime? NextRun(ScheduleSettings settings, DateTime utcNow, TimeZoneInfo zone)
    {
        utcNow = DateTime.SpecifyKind(utcNow, DateTimeKind.Utc);
        return settings.Mode switch
        {
            ScheduleMode.Off => null,
            ScheduleMode.EveryMinutes => utcNow.AddMinutes(Required(settings.Interval, "Every N minutes needs N.")),
            ScheduleMode.EveryHours => utcNow.AddHours(Required(settings.Interval, "Every N hours needs N.")),
            ScheduleMode.Hourly => Next(CronExpression.Parse($"{settings.TimeOfDay?.Minute ?? 0} * * * *"), utcNow, zone),
            ScheduleMode.Daily when settings.TimeOfDay is { } at => Next(CronExpression.Parse($"{at.Minute} {at.Hour} * * *"), utcNow, zone),
            ScheduleMode.Daily => throw new DomainException("Daily needs a time of day, e.g. 02:30."),
            ScheduleMode.Cron => Next(ParseCron(settings.Cron), utcNow, zone),
            _ => null,
        };
    }

    /// <summary>Null when the expression is valid, else what is wrong and how to write one.</summary>
    public static string? ExplainCron(string? cron)
    {
        try
        {
            ParseCron(cron);
            return null;
        }
        catch (DomainException ex) { return ex.Message; }
    }

    public static string Describe(ScheduleSettings settings) => settings.Mode switch
    {
        ScheduleMode.Off => "Off",
        ScheduleMode.EveryMinutes => settings.Interval == 1 ? "Every minute" : $"Every {settings.Interval} minutes",
        ScheduleMode.Hourly => $"Hourly at minute {settings.TimeOfDay?.Minute ?? 0}",
        ScheduleMode.EveryHours => settings.Interval == 1 ? "Every hour" : $"Every {settings.Interval} hours",
        ScheduleMode.Daily => $"Daily at {settings.TimeOfDay:HH\\:mm}",
        ScheduleMode.Cron => $"Cron '{settings.Cron}'",
        _ => settings.Mode.ToString(),
    };

    private static CronExpression ParseCron(string? cron)
    {
        var text = cron?.Trim();
        if (string.IsNullOrEmpty(text))
            throw new DomainException("Enter a cron expression, e.g. '*/15 * * * *' for every 15 minutes.");
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if (fields is not (5 or 6) && !text.StartsWith('@'))
            throw new DomainException(
                $"'{text}' has {fields} field(s); a cron expression has five: minute hour day-of-month month day-of-week, e.g. '30 2 * * *' for 02:30 every day.");
        try { return CronExpression.Parse(text, format); }
        catch (CronFormatException ex)
        {
            throw new DomainException(
                $"'{text}' is not a valid cron expression ({ex.Message.TrimEnd('.')}). Use five fields: minute hour day-of-month month day-of-week, e.g. '*/15 * * * *' for every 15 minutes or '30 2 * * 1-5' for 02:30 on weekdays.");
        }
    }

    private static DateTime? Next(CronExpression expression, DateTime utcNow, TimeZoneInfo zone) =>
        expression.GetNextOccurrence(utcNow, zone, inclusive: false);

    private static int Required(int? value, string message) => value ?? throw new DomainException(message);
}
