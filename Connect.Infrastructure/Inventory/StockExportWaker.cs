using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connect.Infrastructure.Inventory;

public sealed record StockExportWakerOptions
{
    /// <summary>How often the queue is looked at without a signal (changes made by another instance, a lost signal).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>How soon to look again when the export was still running as changes came.</summary>
    public TimeSpan BusyRetry { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>After a failed run (shop down, key refused), the queue does not start the export again before this.</summary>
    public TimeSpan FailurePause { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Starts the Stock level export through the feed engine as soon as a change is queued, instead of waiting for its
/// schedule: woken by <see cref="StockExportSignal"/> after each commit that queued an export, and polling the queue
/// as a fallback. It starts the export of every integration that is Live, has due requests, and whose export is
/// enabled, which means its schedule is not Off (the schedule stays the safety net that also retries failures).
/// </summary>
public sealed class StockExportWaker(StockExportSignal signal, IDbContextFactory<ConnectDbContext> contexts, FeedRunner runner,
    TimeProvider time, StockExportWakerOptions options, ILogger<StockExportWaker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = options.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(wait, stoppingToken);
                wait = await StartDueExportsAsync(stoppingToken) ? options.BusyRetry : options.PollInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database hiccup must not end the waker: the requests stay queued and the next look finds them.
                logger.LogWarning(ex, "Could not start the stock level exports; trying again in {Interval}.", options.PollInterval);
                wait = options.PollInterval;
            }
        }
    }

    /// <summary>Starts the exports due now; true when one was already running (its new requests need another look soon).</summary>
    public async Task<bool> StartDueExportsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var failedSince = now - options.FailurePause;
        List<int> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
            due = await db.Integrations.AsNoTracking()
                .Where(i => i.IsLive
                            && db.FeedSchedules.Any(s => s.IntegrationId == i.Id && s.Feed == FeedKind.StockLevelExport && s.Mode != ScheduleMode.Off)
                            // A run that failed as a whole would fail again at once: the queue waits, the requests stay.
                            && !db.FeedRuns.Any(r => r.IntegrationId == i.Id && r.Feed == FeedKind.StockLevelExport
                                                     && r.Status == FeedRunStatus.Failed && r.EndedAt > failedSince)
                            && db.StockExportRequests.Any(r => r.IntegrationId == i.Id && r.Version > r.HandledVersion
                                                               && (r.NextAttemptAt == null || r.NextAttemptAt <= now)))
                .Select(i => i.Id).ToListAsync(ct);
        var busy = false;
        foreach (var integrationId in due)
        {
            var result = await runner.StartAsync(integrationId, FeedKind.StockLevelExport, FeedTrigger.Schedule, null, ct);
            if (result.Status == RunNowStatus.AlreadyRunning) busy = true;
            else if (!result.IsStarted) logger.LogInformation("Stock level export of integration {IntegrationId} not started: {Reason}", integrationId, result.Reason);
        }
        return busy;
    }
}
