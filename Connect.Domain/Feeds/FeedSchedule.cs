namespace Connect.Domain.Feeds;

/// <summary>When a feed of an integration runs by itself. New integrations start with every schedule off.</summary>
public sealed class FeedSchedule
{
    public int Id { get; private set; }
    public int IntegrationId { get; private set; }
    public FeedKind Feed { get; private set; }
    public ScheduleMode Mode { get; private set; }
    /// <summary>N for "every N minutes" and "every N hours".</summary>
    public int? Interval { get; private set; }
    /// <summary>Time of day (local to the server) for "daily at"; minute past the hour for "hourly".</summary>
    public TimeOnly? TimeOfDay { get; private set; }
    public string? Cron { get; private set; }
    public DateTime? NextRunAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    private FeedSchedule() { }

    public FeedSchedule(int integrationId, FeedKind feed) => (IntegrationId, Feed, Mode) = (integrationId, feed, ScheduleMode.Off);

    /// <summary>Changes the schedule; the caller computes the next run (cron needs a parser the domain does not carry).</summary>
    public void Change(ScheduleMode mode, int? interval, TimeOnly? timeOfDay, string? cron, DateTime? nextRunAt, DateTime now)
    {
        switch (mode)
        {
            case ScheduleMode.EveryMinutes when interval is not (>= 1 and <= 1440):
                throw new DomainException("Every N minutes needs N between 1 and 1440.");
            case ScheduleMode.EveryHours when interval is not (>= 1 and <= 168):
                throw new DomainException("Every N hours needs N between 1 and 168.");
            case ScheduleMode.Daily when timeOfDay is null:
                throw new DomainException("Daily needs a time of day, e.g. 02:30.");
            case ScheduleMode.Cron when string.IsNullOrWhiteSpace(cron):
                throw new DomainException("Enter a cron expression, e.g. '*/15 * * * *' for every 15 minutes.");
        }
        (Mode, Interval, TimeOfDay, Cron) = (mode,
            mode is ScheduleMode.EveryMinutes or ScheduleMode.EveryHours ? interval : null,
            mode is ScheduleMode.Daily or ScheduleMode.Hourly ? timeOfDay : null,
            mode is ScheduleMode.Cron ? cron!.Trim() : null);
        NextRunAt = mode == ScheduleMode.Off ? null : nextRunAt;
        UpdatedAt = now;
    }

    public void Advance(DateTime? nextRunAt, DateTime now) => (NextRunAt, UpdatedAt) = (Mode == ScheduleMode.Off ? null : nextRunAt, now);

    public bool IsDue(DateTime now) => Mode != ScheduleMode.Off && NextRunAt is { } next && next <= now;
}

public enum ScheduleMode { Off, EveryMinutes, Hourly, EveryHours, Daily, Cron }
