using Connect.Domain;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using static Connect.Infrastructure.Tests.Feeds.FeedTestData;

namespace Connect.Infrastructure.Tests.Feeds;

public abstract class FeedSchedulerTests(DatabaseFixture database) : DatabaseTest(database)
{
    [Fact]
    public async Task A_new_integration_gets_every_schedule_off_and_a_second_call_adds_nothing()
    {
        var integration = await IntegrationAsync(Database);
        await using var engine = new EngineInstance(Database, new FeedScript(), "a", new ManualTimeProvider(Start));
        await engine.Scheduler.ChangeAsync(integration.Id, FeedKind.Retry, new ScheduleSettings(ScheduleMode.EveryHours, 1), TestUsers.Operator());

        await engine.Scheduler.EnsureSchedulesAsync(integration.Id);
        await engine.Scheduler.EnsureSchedulesAsync(integration.Id);

        var schedules = await Database.QueryAsync(db => db.FeedSchedules.AsNoTracking().ToListAsync());
        schedules.Count.ShouldBe(13);
        schedules.Count(s => s.Mode == ScheduleMode.Off && s.NextRunAt == null).ShouldBe(12);
        schedules.Single(s => s.Feed == FeedKind.Retry).NextRunAt.ShouldBe(Start.UtcDateTime.AddHours(1));
    }

    [Fact]
    public async Task A_schedule_change_is_refused_to_an_operator_of_another_store_and_to_a_viewer()
    {
        var integration = await IntegrationAsync(Database, name: "Theirs");
        var mine = await IntegrationAsync(Database, name: "Mine");
        await using var engine = new EngineInstance(Database, new FeedScript(), "a", new ManualTimeProvider(Start));
        await engine.Scheduler.EnsureSchedulesAsync(integration.Id);
        var every5 = new ScheduleSettings(ScheduleMode.EveryMinutes, 5);

        await Should.ThrowAsync<Connect.Infrastructure.Identity.AccessDeniedException>(() =>
            engine.Scheduler.ChangeAsync(integration.Id, FeedKind.ImportNewOrders, every5, TestUsers.OperatorOf("eve", mine.StoreId)));
        var viewer = await Should.ThrowAsync<Connect.Infrastructure.Identity.AccessDeniedException>(() =>
            engine.Scheduler.ChangeAsync(integration.Id, FeedKind.ImportNewOrders, every5, TestUsers.Viewer()));

        viewer.Message.ShouldContain("Only operators and admins");
        (await Database.QueryAsync(db => db.FeedSchedules.SingleAsync(s => s.IntegrationId == integration.Id && s.Feed == FeedKind.ImportNewOrders)))
            .Mode.ShouldBe(ScheduleMode.Off);
    }

    [Fact]
    public async Task A_bad_cron_expression_is_refused_and_the_schedule_is_unchanged()
    {
        var integration = await IntegrationAsync(Database);
        await using var engine = new EngineInstance(Database, new FeedScript(), "a", new ManualTimeProvider(Start));
        await engine.Scheduler.EnsureSchedulesAsync(integration.Id);

        var error = await Should.ThrowAsync<DomainException>(() =>
            engine.Scheduler.ChangeAsync(integration.Id, FeedKind.StockCheck, new ScheduleSettings(ScheduleMode.Cron, Cron: "61 * * * *"), TestUsers.Operator()));

        error.Message.ShouldContain("'61 * * * *' is not a valid cron expression");
        (await Database.QueryAsync(db => db.FeedSchedules.SingleAsync(s => s.Feed == FeedKind.StockCheck))).Mode.ShouldBe(ScheduleMode.Off);
    }

    [Fact]
    public async Task A_scheduled_export_before_Live_is_skipped_and_its_next_run_moves_on()
    {
        var integration = await IntegrationAsync(Database);
        await using var engine = new EngineInstance(Database, new FeedScript(), "a", new ManualTimeProvider(Start));
        await engine.Scheduler.ChangeAsync(integration.Id, FeedKind.StockLevelExport, new ScheduleSettings(ScheduleMode.EveryMinutes, 1), TestUsers.Operator());
        engine.Clock.Advance(TimeSpan.FromMinutes(1));

        var launch = (await engine.Scheduler.TickAsync()).Single();

        launch.Result.Status.ShouldBe(RunNowStatus.NotAllowed);
        (await Database.QueryAsync(db => db.FeedSchedules.SingleAsync())).NextRunAt.ShouldBe(Start.UtcDateTime.AddMinutes(2));
        (await Database.QueryAsync(db => db.FeedRuns.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_due_schedule_read_by_two_instances_is_launched_once()
    {
        var integration = await IntegrationAsync(Database);
        var clock = new ManualTimeProvider(Start);
        var script = new FeedScript();
        await using var a = new EngineInstance(Database, script, "a", clock);
        await using var b = new EngineInstance(Database, script, "b", clock);
        await a.Scheduler.ChangeAsync(integration.Id, FeedKind.ImportNewProducts, new ScheduleSettings(ScheduleMode.EveryMinutes, 1), TestUsers.Admin());
        clock.Advance(TimeSpan.FromMinutes(1));
        var asReadByB = await Database.QueryAsync(db => db.FeedSchedules.AsNoTracking().SingleAsync(s => s.Feed == FeedKind.ImportNewProducts));

        var launched = (await a.Scheduler.TickAsync()).Single();
        await a.Runner.WaitForRunAsync(launched.Result.RunId!.Value);
        var second = await b.Scheduler.LaunchAsync(asReadByB, CancellationToken.None);

        launched.Result.IsStarted.ShouldBeTrue();
        second.ShouldBeNull();
        (await Database.QueryAsync(db => db.FeedRuns.CountAsync())).ShouldBe(1);
        (await Database.QueryAsync(db => db.FeedSchedules.SingleAsync(s => s.Feed == FeedKind.ImportNewProducts))).NextRunAt
            .ShouldBe(Start.UtcDateTime.AddMinutes(2));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFeedSchedulerTests(SqliteDatabaseFixture database) : FeedSchedulerTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerFeedSchedulerTests(SqlServerDatabaseFixture database) : FeedSchedulerTests(database);
