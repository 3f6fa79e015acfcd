using System.Collections.Concurrent;
using System.Security.Claims;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connect.Infrastructure.Feeds;

/// <summary>
/// Starts, tracks and stops feed runs in this instance. Run now starts the run on a background task owned here (no
/// queue, so it starts at once); the lease row in the database keeps one run per integration and feed across every
/// instance sharing the database. Registered as a hosted service so shutdown cancels the runs cleanly and waits for them.
/// </summary>
public sealed class FeedRunner(
    IDbContextFactory<ConnectDbContext> contexts,
    IServiceScopeFactory scopes,
    FeedCatalog catalog,
    IFeedProgressNotifier notifier,
    TimeProvider time,
    IOptions<FeedEngineOptions> engineOptions,
    ILogger<FeedRunner> logger) : IHostedService, IAsyncDisposable
{
    private readonly FeedEngineOptions _options = engineOptions.Value;
    private readonly ConcurrentDictionary<long, FeedRunSession> _runs = new();
    // The last failure of each feed that keeps failing, so the same failure (a refused connection each minute) is logged
    // once until the feed works again, not at every run.
    private readonly ConcurrentDictionary<(int IntegrationId, FeedKind Feed), string> _failing = new();
    private volatile bool _stopping;

    public string InstanceId => _options.InstanceId;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Run now, on behalf of the signed-in user: refused (NotAllowed, with the reason) unless they are an operator or
    /// an admin of the integration's store.
    /// </summary>
    public async Task<RunNowResult> RunNowAsync(int integrationId, FeedKind feed, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var storeId = await db.Integrations.AsNoTracking().Where(i => i.Id == integrationId).Select(i => (int?)i.StoreId).SingleOrDefaultAsync(cancellationToken);
            if (storeId is null || !user.CanSee(storeId.Value))
                return RunNowResult.NotFound($"Integration #{integrationId} does not exist or belongs to a store you cannot see.");
            if (ConnectAccess.RefuseOperating(user, storeId.Value) is { } refusal) return RunNowResult.NotAllowed(refusal);
        }
        return await StartAsync(integrationId, feed, FeedTrigger.Manual, user.Identity?.Name, cancellationToken);
    }

    /// <summary>
    /// The engine's own path (the scheduler's timer), with no user to check. Internal so that no page can start an
    /// arbitrary integration's feed through it.
    /// </summary>
    internal async Task<RunNowResult> StartAsync(int integrationId, FeedKind feed, FeedTrigger trigger, string? triggeredBy, CancellationToken cancellationToken = default)
    {
        if (_stopping) return RunNowResult.NotAllowed("Connect is shutting down; run the feed again once it is back.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var integration = await db.Integrations.AsNoTracking().Where(i => i.Id == integrationId)
            .Select(i => new { i.Platform, i.IsLive }).SingleOrDefaultAsync(cancellationToken);
        if (integration is null)
            return RunNowResult.NotFound($"Integration #{integrationId} does not exist; it may have been deleted.");
        var registration = catalog.Find(integration.Platform, feed);
        if (registration is null)
            return RunNowResult.NotFound($"{integration.Platform} integrations have no '{feed.DisplayName()}' feed.");
        if (feed.RequiresLive() && !integration.IsLive)
            return RunNowResult.NotAllowed(
                $"{feed.DisplayName()} runs only when the integration is Live. Turn Live on in the integration's Configuration tab when Connect should start writing to the shop.");
        if (_runs.Values.FirstOrDefault(s => s.IntegrationId == integrationId && s.Feed.LeaseGroup() == feed.LeaseGroup()) is { } local)
            return RunNowResult.AlreadyRunning(local.RunId);

        await AbandonExpiredRunsAsync(cancellationToken);
        // The run's own times (and its local lapse deadline) follow this server's clock, read before the database's so
        // the deadline errs early; the lease follows the database's clock, the one every instance shares.
        var now = Now;
        var databaseNow = await db.UtcNowAsync(cancellationToken);
        var group = feed.LeaseGroup();
        var lease = await db.FeedLeases.SingleOrDefaultAsync(l => l.IntegrationId == integrationId && l.Feed == group, cancellationToken);
        if (lease is not null && lease.IsHeld(databaseNow)) return RunNowResult.AlreadyRunning(lease.RunId);

        var previousRunId = lease?.RunId;
        if (lease is null)
        {
            lease = new FeedLease(integrationId, group);
            db.FeedLeases.Add(lease);
        }
        lease.Take(InstanceId, null, databaseNow + _options.LeaseDuration);
        try
        {
            // Compare-and-swap: the UPDATE matches only if ExpiresAt is still what we read; the INSERT of a first lease
            // fails on the key if another instance inserted first. Either way, the other instance won.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            if (await IsLeaseHeldAsync(integrationId, feed)) return RunNowResult.AlreadyRunning(null);
            throw new InvalidOperationException($"Could not take the lease of '{feed.DisplayName()}' for integration #{integrationId}.", ex);
        }

        // From here the lease is ours: finish the bookkeeping even if the caller gives up waiting.
        FeedRun run;
        try
        {
            // The run row and its attachment to the lease commit together (one transaction in the execution strategy):
            // never a Running run that its lease does not name.
            run = await Sync.UnitOfWork.RunAsync(contexts, async work =>
            {
                var held = await work.FeedLeases.SingleAsync(l => l.IntegrationId == integrationId && l.Feed == group, CancellationToken.None);
                if (previousRunId is { } previous &&
                    await work.FeedRuns.SingleOrDefaultAsync(r => r.Id == previous, CancellationToken.None) is { Status: FeedRunStatus.Running } orphan)
                    orphan.Abandon(now);
                var checkpoint = group == feed ? held.Checkpoint
                    : await work.FeedLeases.AsNoTracking().Where(l => l.IntegrationId == integrationId && l.Feed == feed).Select(l => l.Checkpoint).SingleOrDefaultAsync(CancellationToken.None);
                var started = new FeedRun(integrationId, feed, trigger, triggeredBy, InstanceId, checkpoint, now);
                work.FeedRuns.Add(started);
                await work.SaveChangesAsync(CancellationToken.None);
                held.AttachRun(started.Id);
                await work.SaveChangesAsync(CancellationToken.None);
                return started;
            }, CancellationToken.None);
        }
        catch
        {
            await FreeLeaseQuietlyAsync(integrationId, feed);
            throw;
        }

        var session = new FeedRunSession(run, contexts, notifier, time, _options, logger);
        _runs[run.Id] = session;
        _ = Task.Run(() => ExecuteAsync(session, registration), CancellationToken.None);
        logger.LogInformation("Started {Feed} for integration {IntegrationId} as run {RunId} ({Trigger}{By}).",
            feed, integrationId, run.Id, trigger, triggeredBy is null ? "" : " by " + triggeredBy);
        return RunNowResult.Started(run.Id);
    }

    /// <summary>
    /// Stops a run cleanly (status Cancelled, checkpoint kept) on behalf of the signed-in user, who must be an operator
    /// or an admin of the run's store (<see cref="AccessDeniedException"/> otherwise). The request is also written to
    /// the run row, so the instance running it, if it is another one, stops at its next watch. A run whose instance
    /// died is closed now. False when the run is not running (any more).
    /// </summary>
    public async Task<bool> RequestStopAsync(long runId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.FeedRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null) return false;
        var storeId = await db.Integrations.AsNoTracking().Where(i => i.Id == run.IntegrationId).Select(i => (int?)i.StoreId).SingleOrDefaultAsync(cancellationToken);
        if (storeId is null || !user.CanSee(storeId.Value)) return false;
        if (ConnectAccess.RefuseOperating(user, storeId.Value) is { } refusal) throw new AccessDeniedException(refusal);
        var requestedBy = user.Identity?.Name;
        if (!run.RequestStop(requestedBy)) return false;
        await db.SaveChangesAsync(cancellationToken);

        if (_runs.TryGetValue(runId, out var session))
            session.RequestCancel(requestedBy is { Length: > 0 } ? $"Stopped by {requestedBy}." : "Stopped.");
        else
            await AbandonExpiredRunsAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Clears the "synchronize from" date of a feed that reads what changed since it (Product sync), on behalf of the signed-in
    /// user, so that its next run reads everything once. Refused (<see cref="AccessDeniedException"/>) unless the user is an
    /// operator or an admin of the integration's store; refused (<see cref="Connect.Domain.DomainException"/>) for other feeds
    /// and while a feed of the same group runs, because that run would commit its own date over the cleared one.
    /// </summary>
    public async Task ClearSynchronizeFromAsync(int integrationId, FeedKind feed, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var storeId = await db.Integrations.AsNoTracking().Where(i => i.Id == integrationId).Select(i => (int?)i.StoreId).SingleOrDefaultAsync(cancellationToken);
        if (storeId is null || !user.CanSee(storeId.Value))
            throw new AccessDeniedException($"Integration #{integrationId} does not exist or belongs to a store you cannot see.");
        if (ConnectAccess.RefuseOperating(user, storeId.Value) is { } refusal) throw new AccessDeniedException(refusal);
        if (!feed.CanResynchronize())
            throw new Connect.Domain.DomainException($"{feed.DisplayName()} has no synchronize-from date to clear.");
        var group = feed.LeaseGroup();
        var now = Now;
        if (await db.FeedLeases.AsNoTracking().AnyAsync(l => l.IntegrationId == integrationId && l.Feed == group && l.Owner != null && l.ExpiresAt > now, cancellationToken))
            throw new Connect.Domain.DomainException(
                $"A catalog feed of this integration is running. Wait until it ends (or stop it), then clear the date of {feed.DisplayName()} again.");
        await db.FeedLeases.Where(l => l.IntegrationId == integrationId && l.Feed == feed)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Checkpoint, (string?)null), cancellationToken);
        logger.LogInformation("{User} cleared the synchronize-from date of {Feed} for integration {IntegrationId}.", user.Identity?.Name, feed, integrationId);
    }

    /// <summary>Whether this instance is running the run now.</summary>
    public bool IsRunningHere(long runId) => _runs.ContainsKey(runId);

    /// <summary>Completes when the run, if it runs in this instance, has ended and been recorded.</summary>
    public Task WaitForRunAsync(long runId, CancellationToken cancellationToken = default) =>
        _runs.TryGetValue(runId, out var session) ? session.Finished.Task.WaitAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Marks Abandoned every run left Running by an instance that stopped renewing its lease. The checkpoint stays on
    /// the lease, so the next run resumes from it. Called by the scheduler tick and before taking a lease.
    /// </summary>
    public async Task<int> AbandonExpiredRunsAsync(CancellationToken cancellationToken = default)
    {
        var now = Now;
        // A run younger than a lease cannot be orphaned yet: this also spares a run whose lease is being attached.
        var quietSince = now - _options.LeaseDuration;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.FeedRuns.Where(r => r.Status == FeedRunStatus.Running && r.ProgressAt <= quietSince).ToListAsync(cancellationToken);
        if (candidates.Count == 0) return 0;
        // Whether a lease still holds is judged by the database's clock: a server whose clock runs fast must not
        // declare a live run dead (the quiet filter above only narrows the candidates).
        var databaseNow = await db.UtcNowAsync(cancellationToken);
        var abandoned = 0;
        foreach (var run in candidates)
        {
            if (_runs.ContainsKey(run.Id)) continue;
            var lease = await db.FeedLeases.SingleOrDefaultAsync(l => l.IntegrationId == run.IntegrationId && l.Feed == run.Feed.LeaseGroup(), cancellationToken);
            if (lease is not null && lease.RunId == run.Id && lease.IsHeld(databaseNow)) continue;
            run.Abandon(now);
            if (lease is not null && lease.RunId == run.Id) lease.Free();
            abandoned++;
            logger.LogWarning("Run {RunId} ({Feed}, integration {IntegrationId}) was left running by instance {Instance}; marked Abandoned.",
                run.Id, run.Feed, run.IntegrationId, run.InstanceId);
        }
        if (abandoned == 0) return 0;
        try { await db.SaveChangesAsync(cancellationToken); }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance took one of these leases meanwhile; the next tick looks again.
            return 0;
        }
        return abandoned;
    }

    private async Task ExecuteAsync(FeedRunSession session, FeedRegistration registration)
    {
        using var stopWatching = new CancellationTokenSource();
        var watch = Task.CompletedTask;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            session.PublishStarted();
            watch = session.WatchAsync(stopWatching.Token);

            FeedOutcome? outcome = null;
            Exception? failure = null;
            try
            {
                var feed = scope.ServiceProvider.GetRequiredService(registration.FeedType) as IFeed
                    ?? throw new InvalidOperationException($"{registration.FeedType.Name} is registered as a feed but does not implement IFeed.");
                if (feed.Kind != registration.Kind)
                    throw new InvalidOperationException(
                        $"{registration.FeedType.Name} is the '{feed.Kind.DisplayName()}' feed but was registered as '{registration.Kind.DisplayName()}'; fix its AddFeed call.");
                outcome = await feed.RunAsync(new FeedContext(session), session.Token);
                if (outcome.Checkpoint is { } checkpoint && checkpoint != session.Checkpoint)
                    await session.CommitCheckpointAsync(checkpoint);
            }
            catch (Exception ex) when (ex is OperationCanceledException && session.Token.IsCancellationRequested) { }
            catch (Exception ex) { failure = ex; }

            // No renewal or progress save may race the final write.
            await stopWatching.CancelAsync();
            await watch;

            if (session.Token.IsCancellationRequested)
                await session.FinishAsync(FeedRunStatus.Cancelled, outcome?.Counts ?? session.Progress.Counts, outcome?.Message, null);
            else if (failure is not null)
            {
                var explanation = Explain(failure, scope.ServiceProvider);
                var key = (session.IntegrationId, session.Feed);
                if (_failing.TryGetValue(key, out var previous) && previous == explanation)
                    logger.LogDebug("Feed run {RunId} ({Feed}, integration {IntegrationId}) failed again the same way: {Explanation}",
                        session.RunId, session.Feed, session.IntegrationId, explanation);
                else
                    logger.LogError(failure, "Feed run {RunId} ({Feed}, integration {IntegrationId}) failed: {Explanation}",
                        session.RunId, session.Feed, session.IntegrationId, explanation);
                _failing[key] = explanation;
                try { await session.LogAsync(FeedLogLevel.Error, explanation, null, null, null); }
                catch (Exception logFailure) { logger.LogWarning(logFailure, "Could not log the failure of run {RunId}.", session.RunId); }
                await session.FinishAsync(FeedRunStatus.Failed, session.Progress.Counts, null, explanation);
            }
            else
            {
                await session.FinishAsync(FeedRunStatus.Succeeded, outcome!.Counts, outcome.Message, null);
                if (_failing.TryRemove((session.IntegrationId, session.Feed), out _))
                    logger.LogInformation("{Feed} of integration {IntegrationId} works again (run {RunId}).", session.Feed, session.IntegrationId, session.RunId);
            }
        }
        catch (Exception ex)
        {
            // The run could not be recorded (database down?): its lease expires and another tick marks it Abandoned.
            logger.LogError(ex, "Feed run {RunId} ended but could not be recorded.", session.RunId);
        }
        finally
        {
            if (!stopWatching.IsCancellationRequested) await stopWatching.CancelAsync();
            await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _runs.TryRemove(session.RunId, out _);
            session.Finished.TrySetResult();
            session.Dispose();
        }
    }

    private static string Explain(Exception failure, IServiceProvider services)
    {
        if (failure is FeedFatalException fatal) return fatal.Explanation;
        foreach (var explainer in services.GetServices<IFeedErrorExplainer>())
            if (explainer.Explain(failure) is { Length: > 0 } words) return words;
        return string.IsNullOrWhiteSpace(failure.Message) ? failure.GetType().Name : failure.Message;
    }

    /// <summary>After a failed take: held means someone (another instance, or a concurrent click here) won the race.</summary>
    private async Task<bool> IsLeaseHeldAsync(int integrationId, FeedKind feed)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var lease = await db.FeedLeases.AsNoTracking().SingleOrDefaultAsync(l => l.IntegrationId == integrationId && l.Feed == feed.LeaseGroup());
        return lease is not null && lease.IsHeld(await db.UtcNowAsync());
    }

    private async Task FreeLeaseQuietlyAsync(int integrationId, FeedKind feed)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            var lease = await db.FeedLeases.SingleOrDefaultAsync(l => l.IntegrationId == integrationId && l.Feed == feed.LeaseGroup());
            if (lease is { RunId: null } && lease.Owner == InstanceId)
            {
                lease.Free();
                await db.SaveChangesAsync();
            }
        }
        catch (Exception ex) { logger.LogWarning(ex, "Could not free the lease of {Feed} for integration {IntegrationId}; it expires by itself.", feed, integrationId); }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Cancels every run of this instance (checkpoints kept) and waits for them to be recorded.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var sessions = _runs.Values.ToList();
        foreach (var session in sessions)
            session.RequestCancel("Connect was shutting down; the next run resumes from the last checkpoint.");
        try { await Task.WhenAll(sessions.Select(s => s.Finished.Task)).WaitAsync(cancellationToken); }
        catch (OperationCanceledException) { logger.LogWarning("Shutdown did not wait for every feed run to finish; their leases will expire."); }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
