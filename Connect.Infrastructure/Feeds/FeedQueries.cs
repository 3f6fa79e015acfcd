using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Feeds;

/// <summary>A run as the pages list it.</summary>
public sealed record FeedRunSummary(
    long Id, int IntegrationId, string IntegrationName, FeedKind Feed, FeedTrigger Trigger, string? TriggeredBy, FeedRunStatus Status,
    DateTime StartedAt, DateTime? EndedAt, FeedCounts Counts, int? Total, string? Message, string? Error, string? Checkpoint, string InstanceId,
    bool StopRequested)
{
    public TimeSpan? Duration => EndedAt - StartedAt;

    /// <summary>The same run with a live snapshot applied (the page shows it without reloading).</summary>
    public FeedRunSummary With(FeedProgressSnapshot snapshot) => this with
    {
        Status = snapshot.Status, Counts = snapshot.Counts, Total = snapshot.Total, Message = snapshot.Message,
        Error = snapshot.Error ?? Error, Checkpoint = snapshot.Checkpoint, EndedAt = snapshot.EndedAt,
    };
}

/// <summary>
/// One feed of one integration on the Feeds tab: its schedule, its last run, and whether it has ever succeeded
/// (<paramref name="SuccessfulRuns"/> is 1 once a kept run succeeded, else 0: counting them would read every run).
/// <paramref name="Available"/> is false when the platform has no such feed (yet); <paramref name="PreviousCount"/> is
/// how many items the last finished run processed, the estimate of a running one's total when the feed cannot tell.
/// </summary>
public sealed record IntegrationFeedRow(
    int IntegrationId, FeedKind Feed, ScheduleSettings Schedule, DateTime? NextRunAt, FeedRunSummary? LastRun, int SuccessfulRuns,
    bool Available = true, int? PreviousCount = null)
{
    public bool IsRunning => LastRun?.Status == FeedRunStatus.Running;

    /// <summary>For feeds that read what changed since a date (<see cref="FeedKinds.CanResynchronize"/>): that date, in the shop's time; null reads everything.</summary>
    public DateTime? SynchronizeFrom { get; init; }
}

public sealed record IntegrationFeedsView(int IntegrationId, string IntegrationName, string Platform, bool IsLive, int StoreId, IReadOnlyList<IntegrationFeedRow> Feeds);

/// <summary>Filters of the feed log viewer; null means any.</summary>
public sealed record FeedRunFilter(
    int? IntegrationId = null, FeedKind? Feed = null, FeedRunStatus? Status = null, DateTime? From = null, DateTime? To = null,
    FeedLogLevel? Level = null, string? Text = null);

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>
/// Read side of the feed pages. Every method takes the store ids the user is limited to (empty = every store), so an
/// operator of some stores sees only the feeds of those stores' integrations.
/// </summary>
public sealed class FeedQueries(IDbContextFactory<ConnectDbContext> contexts, FeedCatalog catalog)
{
    public async Task<IntegrationFeedsView?> GetIntegrationFeedsAsync(int integrationId, IReadOnlyCollection<int> storeIds, CancellationToken cancellationToken = default)
    {
        var all = await GetOverviewAsync(storeIds, integrationId, cancellationToken);
        return all.SingleOrDefault();
    }

    /// <summary>Every visible integration with its feeds (for the /feeds overview).</summary>
    public async Task<IReadOnlyList<IntegrationFeedsView>> GetOverviewAsync(IReadOnlyCollection<int> storeIds, int? integrationId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var integrations = await Visible(db.Integrations.AsNoTracking(), storeIds)
            .Where(i => integrationId == null || i.Id == integrationId)
            .OrderBy(i => i.Name)
            .Select(i => new { i.Id, i.Name, i.Platform, i.IsLive, i.StoreId })
            .ToListAsync(cancellationToken);
        if (integrations.Count == 0) return [];
        var ids = integrations.Select(i => i.Id).ToList();

        var schedules = await db.FeedSchedules.AsNoTracking().Where(s => ids.Contains(s.IntegrationId)).ToListAsync(cancellationToken);
        var kindsOf = integrations.Select(i => i.Platform).Distinct().ToDictionary(p => p, KindsFor);
        var latest = await LatestRuns(db, ids, kindsOf.Values.SelectMany(k => k)).ToListAsync(cancellationToken);
        var lastRunIds = latest.Where(l => l.LastRunId is not null).Select(l => l.LastRunId!.Value).ToList();
        var resynchronizable = Enum.GetValues<FeedKind>().Where(k => k.CanResynchronize()).ToList();
        var changedSince = await db.FeedLeases.AsNoTracking().Where(l => ids.Contains(l.IntegrationId) && resynchronizable.Contains(l.Feed))
            .Select(l => new { l.IntegrationId, l.Feed, l.Checkpoint }).ToListAsync(cancellationToken);
        var lastRuns = await db.FeedRuns.AsNoTracking().Where(r => lastRunIds.Contains(r.Id)).ToListAsync(cancellationToken);

        return integrations.Select(i =>
        {
            var rows = kindsOf[i.Platform].Select(kind =>
            {
                var schedule = schedules.SingleOrDefault(s => s.IntegrationId == i.Id && s.Feed == kind);
                var last = lastRuns.SingleOrDefault(r => r.IntegrationId == i.Id && r.Feed == kind);
                var latestOfKind = latest.SingleOrDefault(l => l.IntegrationId == i.Id && l.Feed == kind);
                return new IntegrationFeedRow(i.Id, kind, schedule is null ? ScheduleSettings.Off : ScheduleSettings.Of(schedule), schedule?.NextRunAt,
                    last is null ? null : Summary(last, i.Name), latestOfKind?.HasSucceeded == true ? 1 : 0,
                    Available: catalog.Find(i.Platform, kind) is not null,
                    PreviousCount: latestOfKind?.LastSucceededCount)
                {
                    SynchronizeFrom = FeedCheckpoints.ChangedSince(changedSince.SingleOrDefault(c => c.IntegrationId == i.Id && c.Feed == kind)?.Checkpoint),
                };
            }).ToList();
            return new IntegrationFeedsView(i.Id, i.Name, i.Platform, i.IsLive, i.StoreId, rows);
        }).ToList();
    }

    private IReadOnlyCollection<FeedKind> KindsFor(string platform) =>
        catalog.KindsFor(platform) is { Count: > 0 } kinds ? kinds : Enum.GetValues<FeedKind>();

    /// <summary>
    /// For each integration and feed: its latest run and whether it ever succeeded. Each answer is one seek into the
    /// (IntegrationId, Feed, StartedAt) index, so the overview costs the same whether a feed ran ten times or a million.
    /// </summary>
    internal static IQueryable<LatestFeedRun> LatestRuns(ConnectDbContext db, IReadOnlyCollection<int> integrationIds, IEnumerable<FeedKind> kinds)
    {
        var ids = integrationIds.ToList();
        IQueryable<LatestFeedRun>? all = null;
        foreach (var kind in kinds.Distinct())
        {
            var feed = kind;
            var one = db.Integrations.Where(i => ids.Contains(i.Id)).Select(i => new LatestFeedRun
            {
                IntegrationId = i.Id,
                Feed = feed,
                LastRunId = db.FeedRuns.Where(r => r.IntegrationId == i.Id && r.Feed == feed)
                    .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Select(r => (long?)r.Id).FirstOrDefault(),
                // The last succeeded run's count (null when none did): a running one's estimated total when the feed cannot tell it.
                LastSucceededCount = db.FeedRuns.Where(r => r.IntegrationId == i.Id && r.Feed == feed &&
                        (r.Status == FeedRunStatus.Succeeded || r.Status == FeedRunStatus.CompletedWithErrors))
                    .OrderByDescending(r => r.StartedAt).Select(r => (int?)r.Counts.Processed).FirstOrDefault(),
            });
            all = all is null ? one : all.Concat(one);
        }
        return all ?? db.Integrations.Where(_ => false).Select(i => new LatestFeedRun { IntegrationId = i.Id });
    }

    internal sealed class LatestFeedRun
    {
        public int IntegrationId { get; init; }
        public FeedKind Feed { get; init; }
        public long? LastRunId { get; init; }
        public int? LastSucceededCount { get; init; }
        public bool HasSucceeded => LastSucceededCount is not null;
    }

    /// <summary>Runs across integrations, newest first, one page at a time.</summary>
    public async Task<Page<FeedRunSummary>> SearchRunsAsync(FeedRunFilter filter, IReadOnlyCollection<int> storeIds, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visible = Visible(db.Integrations, storeIds).Select(i => i.Id);
        var runs = db.FeedRuns.AsNoTracking().Where(r => visible.Contains(r.IntegrationId));
        if (filter.IntegrationId is { } integrationId) runs = runs.Where(r => r.IntegrationId == integrationId);
        if (filter.Feed is { } feed) runs = runs.Where(r => r.Feed == feed);
        if (filter.Status is { } status) runs = runs.Where(r => r.Status == status);
        if (filter.From is { } from) runs = runs.Where(r => r.StartedAt >= from);
        if (filter.To is { } to) runs = runs.Where(r => r.StartedAt < to);
        if (filter.Level is { } level) runs = runs.Where(r => db.FeedLogEntries.Any(e => e.RunId == r.Id && e.Level == level));
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            runs = runs.Where(r => (r.Message != null && r.Message.Contains(text)) || (r.Error != null && r.Error.Contains(text)) ||
                db.FeedLogEntries.Any(e => e.RunId == r.Id && (e.Message.Contains(text) || e.ExternalId == text)));
        }

        var total = await runs.CountAsync(cancellationToken);
        var page = await runs.OrderByDescending(r => r.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var names = await IntegrationNamesAsync(db, page.Select(r => r.IntegrationId), cancellationToken);
        return new Page<FeedRunSummary>(page.Select(r => Summary(r, names.GetValueOrDefault(r.IntegrationId, "?"))).ToList(), total);
    }

    public async Task<FeedRunSummary?> GetRunAsync(long runId, IReadOnlyCollection<int> storeIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var visible = Visible(db.Integrations, storeIds).Select(i => i.Id);
        var run = await db.FeedRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId && visible.Contains(r.IntegrationId), cancellationToken);
        if (run is null) return null;
        var names = await IntegrationNamesAsync(db, [run.IntegrationId], cancellationToken);
        return Summary(run, names.GetValueOrDefault(run.IntegrationId, "?"));
    }

    /// <summary>A run's log in the order it was written. Check the run is visible (<see cref="GetRunAsync"/>) first.</summary>
    public async Task<Page<FeedLogEntry>> GetLogAsync(long runId, FeedLogLevel? level, string? text, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.FeedLogEntries.AsNoTracking().Where(e => e.RunId == runId);
        if (level is { } l) entries = entries.Where(e => e.Level == l);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            entries = entries.Where(e => e.Message.Contains(t) || e.ExternalId == t);
        }
        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderBy(e => e.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new Page<FeedLogEntry>(items, total);
    }

    /// <summary>Integrations the user may see, for filters: id and name.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> GetIntegrationsAsync(IReadOnlyCollection<int> storeIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var list = await Visible(db.Integrations.AsNoTracking(), storeIds).OrderBy(i => i.Name).Select(i => new { i.Id, i.Name }).ToListAsync(cancellationToken);
        return list.Select(i => (i.Id, i.Name)).ToList();
    }

    private static IQueryable<Integration> Visible(IQueryable<Integration> integrations, IReadOnlyCollection<int> storeIds)
    {
        if (storeIds.Count == 0) return integrations;
        var ids = storeIds.ToList();
        return integrations.Where(i => ids.Contains(i.StoreId));
    }

    private static async Task<Dictionary<int, string>> IntegrationNamesAsync(ConnectDbContext db, IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        return await db.Integrations.Where(i => distinct.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, cancellationToken);
    }

    internal static FeedRunSummary Summary(FeedRun run, string integrationName) =>
        new(run.Id, run.IntegrationId, integrationName, run.Feed, run.Trigger, run.TriggeredBy, run.Status, run.StartedAt, run.EndedAt,
            run.Counts, run.Total, run.Message, run.Error, run.Checkpoint, run.InstanceId, run.StopRequested);
}
