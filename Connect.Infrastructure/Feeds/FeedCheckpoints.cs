using System.Globalization;

namespace Connect.Infrastructure.Feeds;

/// <summary>
/// What the engine may read from a checkpoint without knowing its platform: checkpoints of "changed since" feeds begin
/// with the date they read up to ("yyyy-MM-dd HH:mm:ss", in the shop's own time), followed by '|' and the feed's own parts.
/// </summary>
public static class FeedCheckpoints
{
    public const string DateFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>The date a "changed since" checkpoint reads from; null when there is none (the next run reads everything).</summary>
    public static DateTime? ChangedSince(string? checkpoint)
    {
        var date = checkpoint?.Split('|')[0];
        return DateTime.TryParseExact(date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
    }
}
