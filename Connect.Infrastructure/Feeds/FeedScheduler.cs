using System.Security.Claims;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connect.Infrastructure.Feeds;

/// <summary>
/// Schedules per integration and feed, kept in the database and editable at runtime. <see cref="TickAsync"/> is
/// called every few seconds (by a Coravel invocable) and launches what is due through the <see cref="FeedRunner"/>,
/// so a scheduled run and Run now share the same one-at-a-time rule.
/// </summary>
public sealed class FeedScheduler(
    IDbContextFactory<ConnectDbContext> contexts,
    FeedRunner runner,
    TimeProvider time,
    IOptions<FeedEngineOptions> engineOptions,
    ILogger<FeedScheduler> logger)
{
    private readonly FeedEngineOptions _options = engineOptions.Value;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Gives an integration a schedule row, Off, for each feed it lacks. Whoever creates an integration
    /// calls it; everything else also copes with missing rows (a missing row is an Off schedule).
    /// </summary>
    public async Task EnsureSchedulesAsync(int integrationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.FeedSchedules.Where(s => s.IntegrationId == integrationId).Select(s => s.Feed).ToListAsync(cancellationToken);
        foreach (var kind in Enum.GetValues<FeedKind>().Except(existing))
            db.FeedSchedules.Add(new FeedSchedule(integrationId, kind));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Changes a schedule, on behalf of the signed-in user, and computes its next run. Throws
    /// <see cref="AccessDeniedException"/> unless the user is an operator or an admin of the integration's store, and
    /// <see cref="Connect.Domain.DomainException"/> with the fix when the settings are invalid (a bad cron expression is explained).
    /// </summary>
    public async Task<FeedSchedule> ChangeAsync(int integrationId, FeedKind feed, ScheduleSettings settings, ClaimsPrincipal user,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var storeId = await db.Integrations.AsNoTracking().Where(i => i.Id == integrationId).Select(i => (int?)i.StoreId).SingleOrDefaultAsync(cancellationToken);
        if (storeId is null || !user.CanSee(storeId.Value))
            throw new AccessDeniedException($"Integration #{integrationId} does not exist or belongs to a store you cannot see.");
        if (ConnectAccess.RefuseOperating(user, storeId.Value) is { } refusal) throw new AccessDeniedException(refusal);
        var now = Now;
        var next = FeedScheduleRules.NextRun(settings, now, _options.TimeZone);
        var schedule = await db.FeedSchedules.SingleOrDefaultAsync(s => s.IntegrationId == integrationId && s.Feed == feed, cancellationToken);
        if (schedule is null)
        {
            schedule = new FeedSchedule(integrationId, feed);
            db.FeedSchedules.Add(schedule);
        }
        schedule.Change(settings.Mode, settings.Interval, settings.TimeOfDay, settings.Cron, next, now);
        await db.SaveChangesAsync(cancellationToken);
        return schedule;
    }

    /// <summary>
    /// Closes runs whose instance died, then launches every due schedule and moves its next run on. A schedule that
    /// finds its feed already running is skipped for this occurrence, not queued.
    /// </summary>
    public async Task<IReadOnlyList<ScheduledLaunch>> TickAsync(CancellationToken cancellationToken = default)
    {
        await runner.AbandonExpiredRunsAsync(cancellationToken);

        var now = Now;
        List<FeedSchedule> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            due = await db.FeedSchedules.AsNoTracking()
                .Where(s => s.Mode != ScheduleMode.Off && s.NextRunAt != null && s.NextRunAt <= now)
                .ToListAsync(cancellationToken);
        var launches = new List<ScheduledLaunch>();
        foreach (var schedule in due.OrderBy(s => s.NextRunAt))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await LaunchAsync(schedule, cancellationToken) is { } launch) launches.Add(launch);
        }
        return launches;
    }

    /// <summary>
    /// Claims one due occurrence, then launches it. The claim moves the next run on with a conditional update that
    /// matches only the next run this instance read: when two instances tick together, exactly one claims it and the
    /// other gets null. A statement the retrying strategy replays after it had in fact committed also matches nothing,
    /// so a replay can skip an occurrence but never run it twice.
    /// </summary>
    internal async Task<ScheduledLaunch?> LaunchAsync(FeedSchedule dueAsRead, CancellationToken cancellationToken)
    {
        DateTime? next;
        try { next = dueAsRead.Mode == ScheduleMode.Off ? null : FeedScheduleRules.NextRun(ScheduleSettings.Of(dueAsRead), Now, _options.TimeZone); }
        catch (Connect.Domain.DomainException ex)
        {
            // A schedule stored before a rule changed: stop it rather than launching every tick.
            logger.LogWarning("Schedule of {Feed} for integration {IntegrationId} is invalid ({Reason}); it will not run until edited.",
                dueAsRead.Feed, dueAsRead.IntegrationId, ex.Message);
            next = null;
        }
        var seen = dueAsRead.NextRunAt;
        var updatedAt = Now;
        int claimed;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            claimed = await db.FeedSchedules
                .Where(s => s.Id == dueAsRead.Id && s.NextRunAt == seen)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, next).SetProperty(s => s.UpdatedAt, updatedAt), cancellationToken);
        if (claimed == 0)
        {
            logger.LogDebug("Scheduled {Feed} for integration {IntegrationId} was claimed by another instance.", dueAsRead.Feed, dueAsRead.IntegrationId);
            return null;
        }

        RunNowResult result;
        try { result = await runner.StartAsync(dueAsRead.IntegrationId, dueAsRead.Feed, FeedTrigger.Schedule, null, cancellationToken); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Scheduled {Feed} for integration {IntegrationId} could not start.", dueAsRead.Feed, dueAsRead.IntegrationId);
            result = RunNowResult.NotAllowed(ex.Message);
        }
        if (!result.IsStarted)
            logger.LogInformation("Scheduled {Feed} for integration {IntegrationId} skipped: {Status} {Reason}",
                dueAsRead.Feed, dueAsRead.IntegrationId, result.Status, result.Reason);
        return new ScheduledLaunch(dueAsRead.IntegrationId, dueAsRead.Feed, result);
    }
}

/// <summary>What one due schedule did on a tick.</summary>
public sealed record ScheduledLaunch(int IntegrationId, FeedKind Feed, RunNowResult Result);
