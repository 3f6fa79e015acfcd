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

    /// <summary>Store ids for <c>FeedQueries</c>: empty means every store.</summary>
    public static IReadOnlyCollection<int> StoreScope(ClaimsPrincipal user) => user.AllowedStores()?.ToList() ?? [];

    /// <summary>Link to the Connect record a log entry is about, when the portal has a page for it.</summary>
    public static string? RecordLink(string? recordKind, int? recordId) => (recordKind, recordId) switch
    {
        ("order", { } id) => $"/orders/{id}",
        ("product", { } id) => $"/catalog/{id}",
        (_, null) => null,
        _ => null,
    };
}
