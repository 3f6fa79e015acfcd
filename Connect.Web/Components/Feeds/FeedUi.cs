using System.Security.Claims;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Web.Components.Shared;
using MudBlazor;

namespace Connect.Web.Components.Feeds;

/// <summary>How feed pages show statuses and counts, and which stores' feeds a user sees.</summary>
public static class FeedUi
{
    public static Color StatusColor(FeedRunStatus status) => status switch
    {
        FeedRunStatus.Running => Color.Info,
        FeedRunStatus.Succeeded => Color.Success,
        FeedRunStatus.CompletedWithErrors => Color.Warning,
        FeedRunStatus.Failed or FeedRunStatus.Abandoned => Color.Error,
        _ => Color.Default,
    };

    public static string StatusText(FeedRunStatus status) => status switch
    {
        FeedRunStatus.CompletedWithErrors => "Completed with errors",
        _ => status.ToString(),
    };

    public static string Counts(FeedCounts c) =>
        $"{Formats.Number(c.Processed)} processed · {Formats.Number(c.Created)} created · {Formats.Number(c.Updated)} updated · {Formats.Number(c.Unchanged)} unchanged · {Formats.Number(c.Skipped)} skipped · {Formats.Number(c.Failed)} failed";

    /// <summary>
    /// How far a running feed is: "3,664 of ~9,735 · 38% · about 30 s left". The total is the feed's own when it reports
    /// one, else <paramref name="estimate"/> (what the last finished run processed, written with "~"); without either, or
    /// once the run went past the estimate, only the count, and no percentage is invented.
    /// </summary>
    public static RunProgress Progress(FeedCounts counts, int? total, int? estimate, DateTime startedAt, DateTime utcNow)
    {
        var done = counts.Processed;
        var (of, approximate) = total is > 0 ? (total.Value, false) : estimate is { } e && e > done ? (e, true) : (0, false);
        if (of == 0) return new(null, $"{Formats.Number(done)} processed");
        var percent = Math.Min(100, 100.0 * done / of);
        var text = $"{Formats.Number(done)} of {(approximate ? "~" : "")}{Formats.Number(of)} · {Math.Floor(percent).ToString("0", System.Globalization.CultureInfo.CurrentCulture)}%";
        var elapsed = utcNow - startedAt;
        // The pace so far predicts the rest; too early (a few items, a second or two) it only guesses, so it says nothing.
        if (done >= 10 && elapsed >= TimeSpan.FromSeconds(3) && done < of)
            text += $" · about {TimeLeft(elapsed * ((double)(of - done) / done))} left";
        return new(percent, text);
    }

    private static string TimeLeft(TimeSpan left) => left switch
    {
        { TotalSeconds: < 10 } => "a few s",
        { TotalSeconds: < 60 } => $"{(int)Math.Round(left.TotalSeconds / 5) * 5} s",
        { TotalMinutes: < 60 } => $"{(int)Math.Ceiling(left.TotalMinutes)} min",
        _ => $"{(int)left.TotalHours} h {left.Minutes} min",
    };

    public static Color LevelColor(FeedLogLevel level) => level switch
    {
        FeedLogLevel.Error => Color.Error,
        FeedLogLevel.Warning => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>
    /// Store ids for <c>FeedQueries</c>, where empty means every store. A user who may see no store gets
    /// <see cref="NoStore"/>, an id no store has (ids start at 1), so they see nothing rather than everything.
    /// </summary>
    public static IReadOnlyCollection<int> StoreScope(ClaimsPrincipal user) => user.AllowedStores() switch
    {
        null => [],
        { Count: 0 } => [NoStore],
        var stores => stores.ToList(),
    };

    public const int NoStore = 0;

    /// <summary>
    /// A schedule in words with the zone its times of day are in ("Daily at 02:30 CET"); intervals need no zone.
    /// </summary>
    public static string Schedule(ScheduleSettings settings, TimeZoneInfo schedulerZone, DateTime utcNow) =>
        FeedScheduleRules.Describe(settings) + (settings.Mode is ScheduleMode.Daily or ScheduleMode.Cron ? $" {Formats.ZoneName(schedulerZone, utcNow)}" : "");

    /// <summary>
    /// The page of the Connect record a log entry points at (<c>FeedContext.LogAsync</c>'s recordKind and recordId), or
    /// null when the portal has no page for that kind. The one place that knows these routes for the feed pages.
    /// </summary>
    public static string? RecordLink(string? recordKind, int? recordId) => recordId is { } id && id > 0
        ? recordKind?.Trim().ToLowerInvariant() switch
        {
            "product" => $"/catalog/products/{id}",
            "order" => $"/orders/{id}",
            _ => null,
        }
        : null;
}

/// <summary>A running feed's progress: the bar's percentage (null: not knowable, no bar) and the line under it.</summary>
public sealed record RunProgress(double? Percent, string Text);
