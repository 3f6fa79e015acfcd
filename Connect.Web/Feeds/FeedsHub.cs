using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Connect.Web.Feeds;

/// <summary>
/// Live feed progress for clients outside a Blazor circuit (another tab's script, tools). Signed-in users only.
/// Server-to-client only: "progress" carries a <see cref="FeedProgressSnapshot"/>, "log" a <see cref="FeedLogLine"/>.
/// A user limited to some stores joins one group per store and hears only those stores' integrations; everyone
/// else (admins, users without a store limit) joins <see cref="AllStoresGroup"/> and hears every integration.
/// </summary>
[Authorize]
public sealed class FeedsHub(Connect.Web.Hosting.HubSessionWatch watch) : Hub
{
    public const string Path = "/hubs/feeds";
    public const string ProgressMethod = "progress";
    public const string LogMethod = "log";
    public const string AllStoresGroup = "stores:all";

    public static string StoreGroup(int storeId) => $"store:{storeId}";

    /// <summary>The groups a user belongs to, from the claims of their sign-in cookie.</summary>
    public static IReadOnlyList<string> GroupsOf(System.Security.Claims.ClaimsPrincipal user) =>
        user.AllowedStores() is { } stores ? stores.Order().Select(StoreGroup).ToList() : [AllStoresGroup];

    public override async Task OnConnectedAsync()
    {
        // Groups are left automatically on disconnect. A store limit changed later changes the user's security stamp:
        // the watch then closes this connection within a minute, and the client reconnects with its new claims.
        foreach (var group in GroupsOf(Context.User ?? new()))
            await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        watch.Add(Context);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watch.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>
/// Forwards what the in-process notifier publishes to the hub's clients: to the group of the integration's store and
/// to <see cref="FeedsHub.AllStoresGroup"/>. An integration whose store cannot be read goes to the second only.
/// </summary>
public sealed class FeedHubForwarder(
    IFeedProgressNotifier notifier,
    IHubContext<FeedsHub> hub,
    IntegrationStoreLookup stores,
    ILogger<FeedHubForwarder> logger) : IHostedService
{
    private IDisposable? _snapshots;
    private IDisposable? _log;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _snapshots = notifier.Subscribe(snapshot => Send(FeedsHub.ProgressMethod, snapshot.IntegrationId, snapshot));
        _log = notifier.SubscribeLog(line => Send(FeedsHub.LogMethod, line.IntegrationId, line));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _snapshots?.Dispose();
        _log?.Dispose();
        return Task.CompletedTask;
    }

    // Fire and forget: a slow client (or the first store lookup of an integration) must not slow the feed that publishes.
    private void Send(string method, int integrationId, object message) =>
        _ = SendAsync(method, integrationId, message).ContinueWith(
            t => logger.LogDebug(t.Exception, "Could not push {Method} to feed hub clients.", method), TaskContinuationOptions.OnlyOnFaulted);

    private async Task SendAsync(string method, int integrationId, object message)
    {
        int? storeId;
        try { storeId = await stores.StoreOfAsync(integrationId); }
        catch (Exception ex)
        {
            // Without the store, only the users who see every store may hear of it.
            logger.LogWarning(ex, "Could not read the store of integration {IntegrationId}; its live feed messages go to unrestricted users only.", integrationId);
            storeId = null;
        }
        IReadOnlyList<string> groups = storeId is { } id ? [FeedsHub.AllStoresGroup, FeedsHub.StoreGroup(id)] : [FeedsHub.AllStoresGroup];
        await hub.Clients.Groups(groups).SendAsync(method, message);
    }
}
