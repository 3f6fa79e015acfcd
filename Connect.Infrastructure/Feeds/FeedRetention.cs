using Connect.Domain.Feeds;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Sync;
using Coravel.Invocable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connect.Infrastructure.Feeds;

/// <summary>
/// Deletes ended feed runs older than the retention period (<see cref="FeedEngineOptions.RunRetention"/>) with their log
/// entries, in small batches. The last successful run of each feed is kept whatever its age: the go-live checklist and
/// the warning before re-running Import stock levels rely on knowing that a feed has run.
/// </summary>
public sealed class FeedRetention(IDbContextFactory<ConnectDbContext> contexts, TimeProvider time, IOptions<FeedEngineOptions> options,
    ILogger<FeedRetention> logger)
{
    private const int Batch = 500;

    /// <summary>Purges what is due; returns the number of runs deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.RunRetention;
        var deleted = 0;
        while (true)
        {
            List<long> ids;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
                ids = await db.FeedRuns.AsNoTracking()
                    .Where(r => r.Status != FeedRunStatus.Running && r.StartedAt < cutoff)
                    .Where(r => !(r.Status == FeedRunStatus.Succeeded || r.Status == FeedRunStatus.CompletedWithErrors)
                        || db.FeedRuns.Any(n => n.IntegrationId == r.IntegrationId && n.Feed == r.Feed && n.Id > r.Id
                            && (n.Status == FeedRunStatus.Succeeded || n.Status == FeedRunStatus.CompletedWithErrors)))
                    .OrderBy(r => r.Id).Select(r => r.Id).Take(Batch).ToListAsync(cancellationToken);
            if (ids.Count == 0) break;
            await UnitOfWork.RunAsync(contexts, async db =>
            {
                await db.FeedLogEntries.Where(e => ids.Contains(e.RunId)).ExecuteDeleteAsync(cancellationToken);
                return await db.FeedRuns.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
            }, cancellationToken);
            deleted += ids.Count;
            if (ids.Count < Batch) break;
        }
        if (deleted > 0)
            logger.LogInformation("Deleted {Count} feed runs older than {Days} days, with their log entries.", deleted, options.Value.RunRetention.TotalDays);
        return deleted;
    }
}

/// <summary>The daily purge, run by Coravel.</summary>
public sealed class FeedRetentionInvocable(FeedRetention retention) : IInvocable
{
    public Task Invoke() => retention.PurgeAsync();
}
