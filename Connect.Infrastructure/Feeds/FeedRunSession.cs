using Connect.Domain.Feeds;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connect.Infrastructure.Feeds;

/// <summary>
/// The engine's side of one run in this instance: the lease it holds, the progress it throttles and saves, the stop
/// it watches for. Database writes of one run go through one gate, each on a short-lived context.
/// </summary>
internal sealed class FeedRunSession(
    FeedRun run,
    IDbContextFactory<ConnectDbContext> contexts,
    IFeedProgressNotifier notifier,
    TimeProvider time,
    FeedEngineOptions options,
    ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _state = new();
    private readonly CancellationTokenSource _cancel = new();
    private FeedProgress _progress = new(FeedCounts.Zero);
    private string? _checkpoint = run.Checkpoint;
    private DateTime _lastPublished = DateTime.MinValue;
    private DateTime _lastSaved = run.StartedAt;
    private DateTime _nextRenewal = run.StartedAt + options.LeaseRenewal;
    // When, by this instance's clock, the lease it last wrote may have expired (the runner took it at the run's start
    // for one lease duration). Counted on this clock alone, so a skew from the database's clock does not matter.
    private DateTime _leaseExpiresAt = run.StartedAt + options.LeaseDuration;
    private bool _publishPending;
    private bool _saveNeeded;
    private readonly List<FeedLogEntry> _pendingLog = [];

    /// <summary>Log entries written together at most; a longer backlog is flushed at once.</summary>
    internal const int LogBatchSize = 200;

    public long RunId { get; } = run.Id;
    public int IntegrationId { get; } = run.IntegrationId;
    public FeedKind Feed { get; } = run.Feed;
    /// <summary>The lease this run holds: its feed's lease group (<see cref="FeedKinds.LeaseGroup"/>).</summary>
    public FeedKind LeaseFeed { get; } = run.Feed.LeaseGroup();
    public FeedTrigger Trigger { get; } = run.Trigger;
    public DateTime StartedAt { get; } = run.StartedAt;
    public string? ResumeFrom { get; } = run.Checkpoint;
    public string? Checkpoint { get { lock (_state) return _checkpoint; } }
    public FeedProgress Progress { get { lock (_state) return _progress; } }
    public CancellationToken Token => _cancel.Token;

    /// <summary>Why the run was cancelled (Stop, shutdown, lost lease), shown as the run's message.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Another instance took over (it judged this one dead): this instance must not write the run any more.</summary>
    public bool LeaseLost { get; private set; }

    /// <summary>Completes when the run has ended and been recorded.</summary>
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public void RequestCancel(string reason)
    {
        lock (_state) StopReason ??= reason;
        try { _cancel.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    public void PublishStarted()
    {
        FeedProgressSnapshot snapshot;
        lock (_state)
        {
            _lastPublished = Now;
            snapshot = Snapshot(FeedRunStatus.Running, null, null, null, _lastPublished);
        }
        notifier.Publish(snapshot);
    }

    public void Report(FeedProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        FeedProgressSnapshot? snapshot = null;
        lock (_state)
        {
            _progress = progress;
            _saveNeeded = true;
            var now = Now;
            if (now - _lastPublished >= options.ProgressPublishInterval)
            {
                _lastPublished = now;
                _publishPending = false;
                snapshot = Snapshot(FeedRunStatus.Running, null, null, null, now);
            }
            else _publishPending = true;
        }
        if (snapshot is not null) notifier.Publish(snapshot);
    }

    /// <summary>
    /// Keeps the entry for the next batch (written every watch interval, when <see cref="LogBatchSize"/> entries wait,
    /// and at the end of the run) and publishes it at once, so a run that logs every item costs one insert batch a second.
    /// </summary>
    public async Task LogAsync(FeedLogLevel level, string message, string? externalId, string? recordKind, int? recordId)
    {
        var entry = new FeedLogEntry(RunId, Now, level, message, Truncate(externalId, 64), Truncate(recordKind, 40), recordId);
        bool full;
        lock (_state)
        {
            _pendingLog.Add(entry);
            full = _pendingLog.Count >= LogBatchSize;
        }
        notifier.Publish(new FeedLogLine(RunId, IntegrationId, Feed, entry.At, level, entry.Message, entry.ExternalId, entry.RecordKind, recordId));
        if (!full) return;
        await _gate.WaitAsync();
        try { await FlushLogAsync(); }
        finally { _gate.Release(); }
    }

    /// <summary>Writes the waiting log entries in one batch; callers hold <see cref="_gate"/>. On failure they wait for the next flush.</summary>
    private async Task FlushLogAsync()
    {
        List<FeedLogEntry> batch;
        lock (_state)
        {
            if (_pendingLog.Count == 0) return;
            batch = [.. _pendingLog];
            _pendingLog.Clear();
        }
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            // A run that logs every order writes a line per record: multi-row statements, not one statement per line.
            await BulkInsert.InsertAsync(db, batch, CancellationToken.None);
        }
        catch
        {
            lock (_state) _pendingLog.InsertRange(0, batch);
            throw;
        }
    }

    public async Task CommitCheckpointAsync(string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Length > 400) throw new ArgumentException("A checkpoint holds at most 400 characters.", nameof(checkpoint));
        await _gate.WaitAsync();
        try
        {
            if (StopIfLeaseLapsed()) throw new OperationCanceledException("This run's lease lapsed.", Token);
            await using var db = await contexts.CreateDbContextAsync();
            var row = await db.FeedRuns.SingleAsync(r => r.Id == RunId);
            var lease = await FindLeaseAsync(db);
            if (row.Status != FeedRunStatus.Running || lease is null || !lease.IsHeldBy(options.InstanceId, RunId))
                throw Lost();
            row.Commit(checkpoint);
            if (LeaseFeed == Feed) lease.Commit(checkpoint);
            else
            {
                // The group's lease proves we still run; the checkpoint lives on this feed's own row.
                var own = await db.FeedLeases.SingleOrDefaultAsync(l => l.IntegrationId == IntegrationId && l.Feed == Feed);
                if (own is null) db.FeedLeases.Add(own = new FeedLease(IntegrationId, Feed));
                own.Commit(checkpoint);
                db.Entry(lease).Property(l => l.ExpiresAt).IsModified = true;
            }
            // One SaveChanges: the run and the lease move together, and the lease's expiry token proves we still hold it.
            await db.SaveChangesAsync();
            lock (_state) _checkpoint = checkpoint;
        }
        catch (DbUpdateConcurrencyException) { throw Lost(); }
        finally { _gate.Release(); }
    }

    /// <summary>Every watch interval: publish what the throttle held back, save progress, notice a Stop, renew the lease.</summary>
    public async Task WatchAsync(CancellationToken stopWatching)
    {
        while (true)
        {
            try { await Task.Delay(options.WatchInterval, time, stopWatching); }
            catch (OperationCanceledException) { return; }
            try { await WatchOnceAsync(); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database hiccup must not kill the run; the lease has slack for a few missed renewals.
                logger.LogWarning(ex, "Watching feed run {RunId} failed; trying again.", RunId);
                StopIfLeaseLapsed();
            }
        }
    }

    internal async Task WatchOnceAsync()
    {
        FlushPendingPublish();
        await _gate.WaitAsync();
        DateTime? renewedTo = null;
        var now = Now;
        try
        {
            await FlushLogAsync();
            await using var db = await contexts.CreateDbContextAsync();
            var row = await db.FeedRuns.SingleAsync(r => r.Id == RunId);
            if (row.Status != FeedRunStatus.Running)
            {
                Lost();
                return;
            }
            if (row.StopRequested && !Token.IsCancellationRequested)
                RequestCancel(row.StopRequestedBy is { Length: > 0 } by ? $"Stopped by {by}." : "Stopped.");

            lock (_state)
            {
                if (_saveNeeded && now - _lastSaved >= options.ProgressSaveInterval)
                {
                    row.Report(_progress.Counts, _progress.Total, _progress.Message, now);
                    (_saveNeeded, _lastSaved) = (false, now);
                }
            }
            if (now >= _nextRenewal)
            {
                var lease = await FindLeaseAsync(db);
                if (lease is null || !lease.IsHeldBy(options.InstanceId, RunId))
                {
                    Lost();
                    return;
                }
                // The expiry written follows the database's clock (the one other instances judge it by); this
                // instance's own deadline follows its clock, counted from before the renewal, so it errs early.
                renewedTo = await db.UtcNowAsync() + options.LeaseDuration;
                lease.Renew(renewedTo.Value);
                _nextRenewal = now + options.LeaseRenewal;
            }
            await db.SaveChangesAsync();
            if (renewedTo is not null) _leaseExpiresAt = now + options.LeaseDuration;
        }
        catch (DbUpdateConcurrencyException) when (renewedTo is { } expiry)
        {
            // The retrying strategy replays a renewal whose answer was lost even when it had committed: the replay then
            // matches nothing. Only a lease that is no longer ours, with our expiry, is lost.
            if (!await HoldsLeaseUntilAsync(expiry)) Lost();
            else _leaseExpiresAt = now + options.LeaseDuration;
        }
        catch (DbUpdateConcurrencyException) { Lost(); }
        finally { _gate.Release(); }
    }

    /// <summary>Records how the run ended, frees the lease and publishes the final snapshot (always, unthrottled).</summary>
    public async Task FinishAsync(FeedRunStatus status, FeedCounts counts, string? message, string? error)
    {
        await _gate.WaitAsync();
        try
        {
            var now = Now;
            if (LeaseLost)
            {
                FeedProgressSnapshot lost;
                lock (_state) lost = Snapshot(FeedRunStatus.Abandoned, counts, null, StopReason, now) with { EndedAt = now };
                notifier.Publish(lost);
                return;
            }
            try
            {
                await FlushLogAsync();
                await RecordEndAsync(status, counts, message, error, now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database refused the end: live progress must still show how the run ended, not "Running" forever.
                var shown = status == FeedRunStatus.Succeeded && counts.Failed > 0 ? FeedRunStatus.CompletedWithErrors : status;
                FeedProgressSnapshot ended;
                lock (_state) ended = Snapshot(shown, counts, error, shown == FeedRunStatus.Cancelled ? StopReason : message, now) with { EndedAt = now };
                notifier.Publish(ended);
                throw;
            }
        }
        finally { _gate.Release(); }
    }

    private async Task RecordEndAsync(FeedRunStatus status, FeedCounts counts, string? message, string? error, DateTime now)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var row = await db.FeedRuns.SingleAsync(r => r.Id == RunId);
        if (row.Status == FeedRunStatus.Running)
        {
            var total = Progress.Total;
            switch (status)
            {
                case FeedRunStatus.Succeeded or FeedRunStatus.CompletedWithErrors:
                    row.Report(counts, total, message ?? Progress.Message, now);
                    row.Complete(counts, now);
                    break;
                case FeedRunStatus.Cancelled:
                    row.Report(counts, total, Progress.Message, now);
                    row.Cancel(counts, now, StopReason);
                    break;
                default:
                    row.Report(counts, total, Progress.Message, now);
                    row.Fail(counts, error ?? "The feed failed without saying why.", now);
                    break;
            }
            await db.SaveChangesAsync();
        }

        var lease = await FindLeaseAsync(db);
        if (lease is not null && lease.IsHeldBy(options.InstanceId, RunId))
        {
            lease.Free();
            try { await db.SaveChangesAsync(); }
            catch (DbUpdateConcurrencyException) { /* taken over meanwhile: it is no longer ours to free */ }
        }
        notifier.Publish(new FeedProgressSnapshot(RunId, IntegrationId, Feed, row.Status, row.Counts, row.Total, row.Message, row.Error,
            row.Checkpoint, row.StartedAt, row.EndedAt, now));
    }

    private async Task<bool> HoldsLeaseUntilAsync(DateTime expiry)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var lease = await db.FeedLeases.AsNoTracking().SingleOrDefaultAsync(l => l.IntegrationId == IntegrationId && l.Feed == LeaseFeed);
        return lease is not null && lease.IsHeldBy(options.InstanceId, RunId) && lease.ExpiresAt == expiry;
    }

    private Task<FeedLease?> FindLeaseAsync(ConnectDbContext db) =>
        db.FeedLeases.SingleOrDefaultAsync(l => l.IntegrationId == IntegrationId && l.Feed == LeaseFeed);

    /// <summary>
    /// Past the expiry this instance last wrote, another instance may already have taken the feed over: the run stops
    /// before its next write instead of racing it. True when the lease has lapsed.
    /// </summary>
    private bool StopIfLeaseLapsed()
    {
        if (Now < _leaseExpiresAt) return false;
        RequestCancel("This run stopped because Connect could not renew its lease in time (database unreachable?); the next run resumes from the last checkpoint.");
        return true;
    }

    private OperationCanceledException Lost()
    {
        LeaseLost = true;
        RequestCancel("Another Connect instance took this feed over because this one stopped renewing its lease.");
        return new OperationCanceledException("This run lost its lease to another Connect instance.", Token);
    }

    private void FlushPendingPublish()
    {
        FeedProgressSnapshot? snapshot = null;
        lock (_state)
        {
            if (_publishPending)
            {
                _publishPending = false;
                _lastPublished = Now;
                snapshot = Snapshot(FeedRunStatus.Running, null, null, null, _lastPublished);
            }
        }
        if (snapshot is not null) notifier.Publish(snapshot);
    }

    /// <summary>Builds a snapshot from the current state; callers hold <see cref="_state"/>.</summary>
    private FeedProgressSnapshot Snapshot(FeedRunStatus status, FeedCounts? counts, string? error, string? message, DateTime at) =>
        new FeedProgressSnapshot(RunId, IntegrationId, Feed, status, counts ?? _progress.Counts, _progress.Total,
                message ?? _progress.Message, error, _checkpoint, StartedAt, null, at);

    private static string? Truncate(string? value, int length) => value is { } v && v.Length > length ? v[..length] : value;

    public void Dispose()
    {
        _cancel.Dispose();
        _gate.Dispose();
    }
}
