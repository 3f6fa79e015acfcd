using Connect.Infrastructure.Feeds;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Connect.Web.Feeds;

/// <summary>
/// Live feed progress for clients outside a Blazor circuit (another tab's script, tools). Signed-in users only.
/// Server-to-client only: "progress" carries a <see cref="FeedProgressSnapshot"/>, "log" a <see cref="FeedLogLine"/>.
/// </summary>
[Authorize]
public sealed class FeedsHub : Hub
{
    public const string Path = "/hubs/feeds";
    public const string ProgressMethod = "progress";
    public const string LogMethod = "log";
}

/// <summary>Forwards what the in-process notifier publishes to the hub's clients.</summary>
public sealed class FeedHubForwarder(IFeedProgressNotifier notifier, IHubContext<FeedsHub> hub, ILogger<FeedHubForwarder> logger) : IHostedService
{
    private IDisposable? _snapshots;
    private IDisposable? _log;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _snapshots = notifier.Subscribe(snapshot => Send(FeedsHub.ProgressMethod, snapshot));
        _log = notifier.SubscribeLog(line => Send(FeedsHub.LogMethod, line));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _snapshots?.Dispose();
        _log?.Dispose();
        return Task.CompletedTask;
    }

    // Fire and forget: a slow client must not slow the feed that publishes.
    private void Send(string method, object message) =>
        _ = hub.Clients.All.SendAsync(method, message).ContinueWith(
            t => logger.LogDebug(t.Exception, "Could not push {Method} to feed hub clients.", method), TaskContinuationOptions.OnlyOnFaulted);
}
