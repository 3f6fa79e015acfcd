using System.Collections.Concurrent;
using Connect.Domain.Feeds;
using Microsoft.Extensions.Logging;

namespace Connect.Infrastructure.Feeds;

/// <summary>Where a run stands at one moment; published live and saved on the run row.</summary>
public sealed record FeedProgressSnapshot(
    long RunId,
    int IntegrationId,
    FeedKind Feed,
    FeedRunStatus Status,
    FeedCounts Counts,
    int? Total,
    string? Message,
    string? Error,
    string? Checkpoint,
    DateTime StartedAt,
    DateTime? EndedAt,
    DateTime At)
{
    public bool IsRunning => Status == FeedRunStatus.Running;

    /// <summary>0–100 when the feed knows its total, else null (show an indeterminate bar).</summary>
    public double? Percent => Total is > 0 ? Math.Min(100, 100.0 * Counts.Processed / Total.Value) : null;
}

/// <summary>One log entry as it is written, for the live tail.</summary>
public sealed record FeedLogLine(
    long RunId,
    int IntegrationId,
    FeedKind Feed,
    DateTime At,
    FeedLogLevel Level,
    string Message,
    string? ExternalId,
    string? RecordKind,
    int? RecordId);

/// <summary>
/// In-process fan-out of run snapshots and log lines. Blazor components subscribe (and marshal with
/// <c>InvokeAsync(StateHasChanged)</c>); a hosted service forwards to the SignalR hub for other clients.
/// Handlers run on the feed's thread, so they must be quick and must not throw.
/// </summary>
public interface IFeedProgressNotifier
{
    IDisposable Subscribe(Action<FeedProgressSnapshot> onSnapshot);
    IDisposable SubscribeLog(Action<FeedLogLine> onLine);
    void Publish(FeedProgressSnapshot snapshot);
    void Publish(FeedLogLine line);

    /// <summary>The latest snapshot of each run in progress in this instance.</summary>
    IReadOnlyCollection<FeedProgressSnapshot> Running { get; }
}

public sealed class FeedProgressNotifier(ILogger<FeedProgressNotifier> logger) : IFeedProgressNotifier
{
    private readonly ConcurrentDictionary<long, FeedProgressSnapshot> _running = new();
    private readonly Handlers<FeedProgressSnapshot> _snapshotHandlers = new();
    private readonly Handlers<FeedLogLine> _logHandlers = new();

    public IReadOnlyCollection<FeedProgressSnapshot> Running => _running.Values.ToList();

    public IDisposable Subscribe(Action<FeedProgressSnapshot> onSnapshot) => _snapshotHandlers.Add(onSnapshot);

    public IDisposable SubscribeLog(Action<FeedLogLine> onLine) => _logHandlers.Add(onLine);

    public void Publish(FeedProgressSnapshot snapshot)
    {
        if (snapshot.IsRunning) _running[snapshot.RunId] = snapshot;
        else _running.TryRemove(snapshot.RunId, out _);
        Invoke(_snapshotHandlers, snapshot);
    }

    public void Publish(FeedLogLine line) => Invoke(_logHandlers, line);

    private void Invoke<T>(Handlers<T> handlers, T item)
    {
        foreach (var handler in handlers.Current)
        {
            // A broken subscriber (a closed circuit, say) must not stop a feed.
            try { handler(item); }
            catch (Exception ex) { logger.LogWarning(ex, "A feed progress subscriber failed."); }
        }
    }

    /// <summary>Copy-on-write list: publishing (frequent) reads an array without locking; subscribing (rare) replaces it.</summary>
    private sealed class Handlers<T>
    {
        private readonly Lock _lock = new();
        private Action<T>[] _items = [];

        public Action<T>[] Current => Volatile.Read(ref _items);

        public IDisposable Add(Action<T> subscriber)
        {
            // A wrapper per subscription, so disposing it removes exactly this one even if a handler subscribed twice.
            Action<T> handler = item => subscriber(item);
            lock (_lock) _items = [.. _items, handler];
            return new Subscription(() => { lock (_lock) _items = _items.Where(h => !ReferenceEquals(h, handler)).ToArray(); });
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
