using System.Security.Claims;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Identity;
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
        $"{c.Processed} processed · {c.Created} created · {c.Updated} updated · {c.Skipped} skipped · {c.Failed} failed";

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
