using System.Collections.Concurrent;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using static Connect.Infrastructure.Tests.Feeds.FeedTestData;

namespace Connect.Infrastructure.Tests.Feeds;

/// <summary>The runner on a real database: one run per feed, leases across instances, stop, failure, progress.</summary>
public abstract class FeedRunnerTests(DatabaseFixture database) : DatabaseTest(database)
{
    private readonly FeedScript _script = new();
    private readonly List<EngineInstance> _instances = [];

    private EngineInstance Instance(string id, Action<FeedEngineOptions>? configure = null)
    {
        var instance = new EngineInstance(Database, _script, id, new ManualTimeProvider(Start), configure);
        _instances.Add(instance);
        return instance;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances) await instance.DisposeAsync();
    }

    /// <summary>A feed body that waits until the test releases it (or the run is cancelled).</summary>
    private static Func<FeedContext, CancellationToken, Task<FeedOutcome>> Blocking(TaskCompletionSource release, string? commit = null) =>
        async (context, token) =>
        {
            if (commit is not null) await context.CommitCheckpointAsync(commit);
            await release.Task.WaitAsync(token);
            return FeedOutcome.Of(processed: 1, updated: 1);
        };

    private async Task<FeedRun> RunAsync(long id) => await Database.QueryAsync(db => db.FeedRuns.AsNoTracking().SingleAsync(r => r.Id == id));

    private async Task<FeedLease> LeaseAsync(int integrationId, FeedKind feed) =>
        await Database.QueryAsync(db => db.FeedLeases.AsNoTracking().SingleAsync(l => l.IntegrationId == integrationId && l.Feed == feed));

    /// <summary>
    /// Leases are judged by the database's clock, which no test moves: a lease whose holder stopped renewing long ago
    /// is written as such.
    /// </summary>
    private Task ExpireLeaseAsync(int integrationId, FeedKind feed) =>
        Database.QueryAsync(db => db.FeedLeases.Where(l => l.IntegrationId == integrationId && l.Feed == feed)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc))));

    [Fact]
    public async Task Run_now_records_a_succeeded_run_with_its_trigger_counts_and_checkpoint()
    {
        var integration = await IntegrationAsync(Database);
        _script.Bodies[FeedKind.ImportNewProducts] = async (context, _) =>
        {
            context.Report(new FeedCounts(3, 2, 1, 0, 0), total: 3, message: "Page 1 of 1");
            await context.LogAsync(FeedLogLevel.Info, "Imported product", externalId: "12", recordKind: "product", recordId: 5);
            return FeedOutcome.Of(processed: 3, created: 2, updated: 1, checkpoint: "12");
        };
        var engine = Instance("a");

        var result = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada@example.com"));
        result.Status.ShouldBe(RunNowStatus.Started);
        await engine.Runner.WaitForRunAsync(result.RunId!.Value, Patience);

        var run = await RunAsync(result.RunId.Value);
        run.Status.ShouldBe(FeedRunStatus.Succeeded);
        (run.Trigger, run.TriggeredBy).ShouldBe((FeedTrigger.Manual, "ada@example.com"));
        run.Counts.ShouldBe(new FeedCounts(3, 2, 1, 0, 0));
        run.Total.ShouldBe(3);
        run.Checkpoint.ShouldBe("12");
        run.EndedAt.ShouldNotBeNull();
        run.InstanceId.ShouldBe("a");
        var entry = await Database.QueryAsync(db => db.FeedLogEntries.SingleAsync());
        (entry.RunId, entry.ExternalId, entry.RecordKind, entry.RecordId).ShouldBe((run.Id, "12", "product", (int?)5));
        var lease = await LeaseAsync(integration.Id, FeedKind.ImportNewProducts);
        (lease.Owner, lease.Checkpoint).ShouldBe((null, "12"));
    }

    [Fact]
    public async Task Second_run_now_while_running_returns_AlreadyRunning()
    {
        var integration = await IntegrationAsync(Database);
        var release = new TaskCompletionSource();
        _script.Bodies[FeedKind.ImportNewProducts] = Blocking(release);
        var engine = Instance("a");

        var first = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        var second = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("bob"));
        release.SetResult();
        await engine.Runner.WaitForRunAsync(first.RunId!.Value, Patience);

        first.Status.ShouldBe(RunNowStatus.Started);
        second.Status.ShouldBe(RunNowStatus.AlreadyRunning);
        second.RunId.ShouldBe(first.RunId);
        (await Database.QueryAsync(db => db.FeedRuns.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task A_due_schedule_skips_a_feed_already_started_by_run_now_and_moves_its_next_run_on()
    {
        var integration = await IntegrationAsync(Database);
        var release = new TaskCompletionSource();
        _script.Bodies[FeedKind.ImportNewOrders] = Blocking(release);
        var engine = Instance("a");
        await engine.Scheduler.EnsureSchedulesAsync(integration.Id);
        await engine.Scheduler.ChangeAsync(integration.Id, FeedKind.ImportNewOrders, new ScheduleSettings(ScheduleMode.EveryMinutes, Interval: 5), TestUsers.Operator());
        var manual = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewOrders, TestUsers.Operator("ada"));

        engine.Clock.Advance(TimeSpan.FromMinutes(5));
        var launches = await engine.Scheduler.TickAsync();
        release.SetResult();
        await engine.Runner.WaitForRunAsync(manual.RunId!.Value, Patience);

        launches.Single().Result.Status.ShouldBe(RunNowStatus.AlreadyRunning);
        (await Database.QueryAsync(db => db.FeedRuns.CountAsync())).ShouldBe(1);
        var schedule = await Database.QueryAsync(db => db.FeedSchedules.SingleAsync(s => s.Feed == FeedKind.ImportNewOrders));
        schedule.NextRunAt.ShouldBe(Start.UtcDateTime.AddMinutes(10));
    }

    [Fact]
    public async Task A_due_schedule_starts_a_scheduled_run()
    {
        var integration = await IntegrationAsync(Database);
        var engine = Instance("a");
        await engine.Scheduler.ChangeAsync(integration.Id, FeedKind.ImportNewProducts, new ScheduleSettings(ScheduleMode.Daily, TimeOfDay: new TimeOnly(11, 30)), TestUsers.Operator());

        (await engine.Scheduler.TickAsync()).ShouldBeEmpty();
        engine.Clock.Advance(TimeSpan.FromMinutes(90));
        var launch = (await engine.Scheduler.TickAsync()).Single();
        await engine.Runner.WaitForRunAsync(launch.Result.RunId!.Value, Patience);

        var run = await RunAsync(launch.Result.RunId.Value);
        (run.Trigger, run.TriggeredBy, run.Status).ShouldBe((FeedTrigger.Schedule, (string?)null, FeedRunStatus.Succeeded));
        var schedule = await Database.QueryAsync(db => db.FeedSchedules.SingleAsync());
        schedule.NextRunAt.ShouldBe(new DateTime(2026, 11, 29, 11, 30, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Two_instances_on_one_database_never_run_the_same_feed_at_once()
    {
        var integration = await IntegrationAsync(Database);
        var release = new TaskCompletionSource();
        _script.Bodies[FeedKind.ImportNewProducts] = Blocking(release);
        var a = Instance("instance-a");
        var b = Instance("instance-b");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator($"user{i}")))));
        var started = attempts.Where(r => r.IsStarted).ToList();
        started.Count.ShouldBe(1);
        attempts.Count(r => r.Status == RunNowStatus.AlreadyRunning).ShouldBe(7);
        var winner = a.Runner.IsRunningHere(started[0].RunId!.Value) ? a : b;
        var loser = winner == a ? b : a;
        release.SetResult();
        await winner.Runner.WaitForRunAsync(started[0].RunId!.Value, Patience);

        // Once the lease is free, the other instance may run it.
        var next = await loser.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("later"));
        next.Status.ShouldBe(RunNowStatus.Started);
        await loser.Runner.WaitForRunAsync(next.RunId!.Value, Patience);
        _script.MaxRunning.ShouldBe(1);
        (await Database.QueryAsync(db => db.FeedRuns.CountAsync(r => r.Status == FeedRunStatus.Succeeded))).ShouldBe(2);
    }

    [Fact]
    public async Task An_expired_lease_marks_the_run_abandoned_and_the_next_run_resumes_from_its_checkpoint()
    {
        var integration = await IntegrationAsync(Database);
        var release = new TaskCompletionSource();
        _script.Bodies[FeedKind.ImportNewProducts] = Blocking(release, commit: "42");
        // Instance a's clock stands still, so it never renews: to instance b, whose clock runs on, it looks dead.
        var a = Instance("instance-a");
        var b = Instance("instance-b");
        var first = await a.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await WaitUntilAsync(async () => (await RunAsync(first.RunId!.Value)).Checkpoint is not null);
        (await b.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("bob"))).Status.ShouldBe(RunNowStatus.AlreadyRunning);

        b.Clock.Advance(TimeSpan.FromMinutes(2));
        await ExpireLeaseAsync(integration.Id, FeedKind.ImportNewProducts);
        _script.Bodies[FeedKind.ImportNewProducts] = (_, _) => Task.FromResult(FeedOutcome.Of(processed: 1, checkpoint: "43"));
        var second = await b.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("bob"));
        await b.Runner.WaitForRunAsync(second.RunId!.Value, Patience);
        // The old instance notices it lost the run and stops without overwriting what b recorded.
        await a.Runner.WaitForRunAsync(first.RunId!.Value, Patience);

        second.Status.ShouldBe(RunNowStatus.Started);
        var abandoned = await RunAsync(first.RunId!.Value);
        abandoned.Status.ShouldBe(FeedRunStatus.Abandoned);
        abandoned.Checkpoint.ShouldBe("42");
        abandoned.Error.ShouldNotBeNull().ShouldContain("resumes from the last checkpoint");
        _script.Starts.Select(s => s.ResumeFrom).ShouldBe([null, "42"]);
        (await RunAsync(second.RunId.Value)).Status.ShouldBe(FeedRunStatus.Succeeded);
        (await LeaseAsync(integration.Id, FeedKind.ImportNewProducts)).Checkpoint.ShouldBe("43");
    }

    [Fact]
    public async Task The_scheduler_tick_marks_a_run_abandoned_once_its_lease_expires()
    {
        var integration = await IntegrationAsync(Database);
        var release = new TaskCompletionSource();
        _script.Bodies[FeedKind.ImportNewProducts] = Blocking(release, commit: "7");
        var a = Instance("instance-a");
        var b = Instance("instance-b");
        var first = await a.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await WaitUntilAsync(async () => (await RunAsync(first.RunId!.Value)).Checkpoint is not null);

        (await b.Runner.AbandonExpiredRunsAsync()).ShouldBe(0);
        b.Clock.Advance(TimeSpan.FromSeconds(61));
        await ExpireLeaseAsync(integration.Id, FeedKind.ImportNewProducts);
        await b.Scheduler.TickAsync();
        await a.Runner.WaitForRunAsync(first.RunId!.Value, Patience);

        (await RunAsync(first.RunId.Value)).Status.ShouldBe(FeedRunStatus.Abandoned);
        var lease = await LeaseAsync(integration.Id, FeedKind.ImportNewProducts);
        (lease.Owner, lease.Checkpoint).ShouldBe((null, "7"));
    }

    [Fact]
    public async Task An_instance_whose_clock_runs_ahead_neither_takes_over_nor_abandons_a_run_whose_lease_holds()
    {
        var integration = await IntegrationAsync(Database);
        var release = new TaskCompletionSource();
        _script.Bodies[FeedKind.ImportNewProducts] = Blocking(release, commit: "5");
        var a = Instance("instance-a");
        var fast = Instance("instance-fast");
        var first = await a.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await WaitUntilAsync(async () => (await RunAsync(first.RunId!.Value)).Checkpoint is not null);

        // Ten minutes ahead: by its own clock every lease written a moment ago has long expired.
        fast.Clock.Advance(TimeSpan.FromMinutes(10));
        (await fast.Runner.AbandonExpiredRunsAsync()).ShouldBe(0);
        await fast.Scheduler.TickAsync();
        var attempt = await fast.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("bob"));

        attempt.Status.ShouldBe(RunNowStatus.AlreadyRunning);
        (await RunAsync(first.RunId!.Value)).Status.ShouldBe(FeedRunStatus.Running);
        (await LeaseAsync(integration.Id, FeedKind.ImportNewProducts)).Owner.ShouldBe("instance-a");
        release.SetResult();
        await a.Runner.WaitForRunAsync(first.RunId.Value, Patience);
        (await RunAsync(first.RunId.Value)).Status.ShouldBe(FeedRunStatus.Succeeded);
        _script.Starts.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Stop_cancels_the_run_cleanly_and_keeps_its_checkpoint()
    {
        var integration = await IntegrationAsync(Database);
        _script.Bodies[FeedKind.ImportNewProducts] = Blocking(new TaskCompletionSource(), commit: "7");
        var engine = Instance("a");
        var started = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await _script.Entered.WaitAsync(Patience);
        await WaitUntilAsync(async () => (await RunAsync(started.RunId!.Value)).Checkpoint == "7");

        (await engine.Runner.RequestStopAsync(started.RunId!.Value, TestUsers.Operator("bob"))).ShouldBeTrue();
        await engine.Runner.WaitForRunAsync(started.RunId.Value, Patience);

        var run = await RunAsync(started.RunId.Value);
        (run.Status, run.Checkpoint, run.Message).ShouldBe((FeedRunStatus.Cancelled, "7", "Stopped by bob."));
        var lease = await LeaseAsync(integration.Id, FeedKind.ImportNewProducts);
        (lease.Owner, lease.Checkpoint).ShouldBe((null, "7"));
        (await engine.Runner.RequestStopAsync(started.RunId.Value, TestUsers.Operator("bob"))).ShouldBeFalse();
    }

    [Fact]
    public async Task Stop_from_another_instance_cancels_the_run_where_it_runs()
    {
        var integration = await IntegrationAsync(Database);
        _script.Bodies[FeedKind.ImportNewProducts] = Blocking(new TaskCompletionSource());
        var a = Instance("instance-a");
        var b = Instance("instance-b");
        var started = await a.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await _script.Entered.WaitAsync(Patience);

        (await b.Runner.RequestStopAsync(started.RunId!.Value, TestUsers.Operator("bob"))).ShouldBeTrue();
        await a.Runner.WaitForRunAsync(started.RunId.Value, Patience);

        var run = await RunAsync(started.RunId.Value);
        (run.Status, run.Message, run.StopRequestedBy).ShouldBe((FeedRunStatus.Cancelled, "Stopped by bob.", "bob"));
    }

    [Fact]
    public async Task A_feed_that_keeps_failing_the_same_way_is_logged_as_an_error_once_until_it_works_again()
    {
        var integration = await IntegrationAsync(Database, live: true);
        var logs = new CapturedLogs();
        var engine = new EngineInstance(Database, _script, "a", new ManualTimeProvider(Start), logs: logs);
        _instances.Add(engine);
        async Task RunAsync(bool shopDown)
        {
            _script.Bodies[FeedKind.StockLevelExport] = (_, _) =>
                shopDown ? throw new FakeShopDownException("Connection refused (shop.example:443)") : Task.FromResult(FeedOutcome.Of(processed: 1));
            var started = await engine.Runner.StartAsync(integration.Id, FeedKind.StockLevelExport, FeedTrigger.Schedule, null);
            await engine.Runner.WaitForRunAsync(started.RunId!.Value, Patience);
        }
        int Errors() => logs.Entries.Count(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error);

        for (var minute = 0; minute < 3; minute++) await RunAsync(shopDown: true);
        Errors().ShouldBe(1);

        await RunAsync(shopDown: false);
        logs.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Information && e.Text.Contains("works again"));
        await RunAsync(shopDown: true);
        Errors().ShouldBe(2);
    }

    [Fact]
    public async Task A_fatal_error_fails_the_run_with_its_explanation_and_keeps_the_committed_checkpoint()
    {
        var integration = await IntegrationAsync(Database);
        _script.Bodies[FeedKind.ImportNewProducts] = async (context, _) =>
        {
            await context.CommitCheckpointAsync("10");
            context.Report(new FeedCounts(10, 10, 0, 0, 0));
            throw new FeedFatalException("The API key was refused: save a key with all permissions in the Configuration tab.");
        };
        var engine = Instance("a");

        var first = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await engine.Runner.WaitForRunAsync(first.RunId!.Value, Patience);
        _script.Bodies[FeedKind.ImportNewProducts] = (_, _) => Task.FromResult(FeedOutcome.Of());
        var second = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await engine.Runner.WaitForRunAsync(second.RunId!.Value, Patience);

        var failed = await RunAsync(first.RunId.Value);
        (failed.Status, failed.Checkpoint).ShouldBe((FeedRunStatus.Failed, "10"));
        failed.Error.ShouldBe("The API key was refused: save a key with all permissions in the Configuration tab.");
        failed.Counts.Processed.ShouldBe(10);
        (await Database.QueryAsync(db => db.FeedLogEntries.SingleAsync(e => e.RunId == failed.Id))).Level.ShouldBe(FeedLogLevel.Error);
        _script.Starts.Select(s => s.ResumeFrom).ShouldBe([null, "10"]);
    }

    [Fact]
    public async Task A_platform_exception_is_explained_by_the_registered_explainer()
    {
        var integration = await IntegrationAsync(Database);
        _script.Bodies[FeedKind.ImportNewProducts] = (_, _) => throw new FakeShopDownException("HTTP 503");
        var engine = Instance("a");

        var started = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await engine.Runner.WaitForRunAsync(started.RunId!.Value, Patience);

        (await RunAsync(started.RunId.Value)).Error.ShouldBe("The shop did not answer. Check that it is online, then run the feed again.");
    }

    [Fact]
    public async Task Item_failures_are_logged_published_and_end_the_run_with_errors()
    {
        var integration = await IntegrationAsync(Database);
        _script.Bodies[FeedKind.ImportNewProducts] = async (context, _) =>
        {
            await context.LogAsync(FeedLogLevel.Error, "Product 9 has no reference: give it one in the shop, then run Update products.", externalId: "9");
            return FeedOutcome.Of(processed: 2, created: 1, failed: 1);
        };
        var engine = Instance("a");
        var lines = new ConcurrentQueue<FeedLogLine>();
        using var subscription = engine.Notifier.SubscribeLog(lines.Enqueue);

        var started = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await engine.Runner.WaitForRunAsync(started.RunId!.Value, Patience);

        (await RunAsync(started.RunId.Value)).Status.ShouldBe(FeedRunStatus.CompletedWithErrors);
        lines.Single().ExternalId.ShouldBe("9");
        lines.Single().RunId.ShouldBe(started.RunId.Value);
    }

    [Fact]
    public async Task Progress_is_throttled_and_the_final_snapshot_is_always_published()
    {
        var integration = await IntegrationAsync(Database);
        // The watch loop would also publish what the throttle held back; keep it out of this test's way.
        var engine = Instance("a", o => o.WatchInterval = TimeSpan.FromHours(1));
        _script.Bodies[FeedKind.ImportNewProducts] = (context, _) =>
        {
            for (var i = 1; i <= 5; i++) context.Report(new FeedCounts(i, i, 0, 0, 0), total: 100);
            engine.Clock.Advance(TimeSpan.FromMilliseconds(300));
            context.Report(new FeedCounts(6, 6, 0, 0, 0), total: 100);
            for (var i = 7; i <= 9; i++) context.Report(new FeedCounts(i, i, 0, 0, 0), total: 100);
            return Task.FromResult(FeedOutcome.Of(processed: 9, created: 9));
        };
        var snapshots = new ConcurrentQueue<FeedProgressSnapshot>();
        using var subscription = engine.Notifier.Subscribe(snapshots.Enqueue);

        var started = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await engine.Runner.WaitForRunAsync(started.RunId!.Value, Patience);

        // Started, then one per 250 ms of the clock (the reports within the same instant are held back), then the final one.
        snapshots.Select(s => (s.Status, s.Counts.Processed)).ShouldBe([
            (FeedRunStatus.Running, 0), (FeedRunStatus.Running, 6), (FeedRunStatus.Succeeded, 9)]);
        snapshots.Last().EndedAt.ShouldNotBeNull();
        engine.Notifier.Running.ShouldBeEmpty();
    }

    [Fact]
    public async Task Stock_level_export_is_not_allowed_before_the_integration_is_Live()
    {
        var offline = await IntegrationAsync(Database, name: "Offline");
        var live = await IntegrationAsync(Database, live: true, name: "Live");
        var engine = Instance("a");

        var refused = await engine.Runner.RunNowAsync(offline.Id, FeedKind.StockLevelExport, TestUsers.Operator("ada"));
        var allowed = await engine.Runner.RunNowAsync(live.Id, FeedKind.StockLevelExport, TestUsers.Operator("ada"));
        await engine.Runner.WaitForRunAsync(allowed.RunId!.Value, Patience);

        refused.Status.ShouldBe(RunNowStatus.NotAllowed);
        refused.Reason.ShouldNotBeNull().ShouldStartWith("Stock level export runs only when the integration is Live");
        allowed.Status.ShouldBe(RunNowStatus.Started);
        (await Database.QueryAsync(db => db.FeedRuns.CountAsync(r => r.IntegrationId == offline.Id))).ShouldBe(0);
    }

    [Fact]
    public async Task Run_now_answers_NotFound_for_an_unknown_integration_or_a_feed_its_platform_lacks()
    {
        var integration = await IntegrationAsync(Database);
        var otherPlatform = await IntegrationAsync(Database, platform: "Elsewhere", name: "Other");
        var engine = Instance("a");

        var unknown = await engine.Runner.RunNowAsync(9999, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        var missingFeed = await engine.Runner.RunNowAsync(integration.Id, FeedKind.Retry, TestUsers.Operator("ada"));
        var missingPlatform = await engine.Runner.RunNowAsync(otherPlatform.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));

        unknown.Status.ShouldBe(RunNowStatus.NotFound);
        missingFeed.Status.ShouldBe(RunNowStatus.NotFound);
        missingFeed.Reason.ShouldBe("Fake integrations have no 'Retry' feed.");
        missingPlatform.Status.ShouldBe(RunNowStatus.NotFound);
    }

    [Fact]
    public async Task Shutdown_cancels_running_feeds_and_waits_for_them_to_be_recorded()
    {
        var integration = await IntegrationAsync(Database);
        _script.Bodies[FeedKind.ImportNewProducts] = Blocking(new TaskCompletionSource(), commit: "3");
        var engine = Instance("a");
        var started = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await _script.Entered.WaitAsync(Patience);

        await engine.Runner.StopAsync(Patience);

        var run = await RunAsync(started.RunId!.Value);
        (run.Status, run.Checkpoint).ShouldBe((FeedRunStatus.Cancelled, "3"));
        (await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"))).Status.ShouldBe(RunNowStatus.NotAllowed);
    }

    [Fact]
    public async Task Run_now_is_refused_to_an_operator_of_another_store_and_to_a_viewer()
    {
        var mine = await IntegrationAsync(Database, name: "Mine");
        var theirs = await IntegrationAsync(Database, name: "Theirs");
        var engine = Instance("a");

        var otherStore = await engine.Runner.RunNowAsync(theirs.Id, FeedKind.ImportNewProducts, TestUsers.OperatorOf("ada", mine.StoreId));
        var noStore = await engine.Runner.RunNowAsync(mine.Id, FeedKind.ImportNewProducts, TestUsers.OperatorOf("ada"));
        var viewer = await engine.Runner.RunNowAsync(mine.Id, FeedKind.ImportNewProducts, TestUsers.Viewer());

        otherStore.Status.ShouldBe(RunNowStatus.NotFound);
        noStore.Status.ShouldBe(RunNowStatus.NotFound);
        viewer.Status.ShouldBe(RunNowStatus.NotAllowed);
        viewer.Reason.ShouldNotBeNull().ShouldContain("Only operators and admins");
        (await Database.QueryAsync(db => db.FeedRuns.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Stop_is_refused_to_an_operator_of_another_store_and_to_a_viewer()
    {
        var integration = await IntegrationAsync(Database, name: "Theirs");
        var mine = await IntegrationAsync(Database, name: "Mine");
        _script.Bodies[FeedKind.ImportNewProducts] = Blocking(new TaskCompletionSource());
        var engine = Instance("a");
        var started = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Operator("ada"));
        await _script.Entered.WaitAsync(Patience);

        (await engine.Runner.RequestStopAsync(started.RunId!.Value, TestUsers.OperatorOf("eve", mine.StoreId))).ShouldBeFalse();
        var denied = await Should.ThrowAsync<Connect.Infrastructure.Identity.AccessDeniedException>(() =>
            engine.Runner.RequestStopAsync(started.RunId!.Value, TestUsers.Viewer()));

        denied.Message.ShouldContain("Only operators and admins");
        (await RunAsync(started.RunId.Value)).Status.ShouldBe(FeedRunStatus.Running);
        (await engine.Runner.RequestStopAsync(started.RunId.Value, TestUsers.OperatorOf("bob", integration.StoreId))).ShouldBeTrue();
        await engine.Runner.WaitForRunAsync(started.RunId.Value, Patience);
        (await RunAsync(started.RunId.Value)).Status.ShouldBe(FeedRunStatus.Cancelled);
    }

    [Fact]
    public async Task Import_new_products_and_Update_products_of_one_integration_never_run_together_and_keep_their_own_checkpoints()
    {
        var integration = await IntegrationAsync(Database);
        var release = new TaskCompletionSource();
        _script.Bodies[FeedKind.ImportNewProducts] = Blocking(release, commit: "import-7");
        var a = Instance("a");
        var b = Instance("b");
        var import = await a.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Admin("ada"));
        await WaitUntilAsync(async () => (await RunAsync(import.RunId!.Value)).Checkpoint is not null);

        (await a.Runner.RunNowAsync(integration.Id, FeedKind.UpdateProducts, TestUsers.Admin("ada"))).Status.ShouldBe(RunNowStatus.AlreadyRunning);
        (await b.Runner.RunNowAsync(integration.Id, FeedKind.UpdateProducts, TestUsers.Admin("bob"))).Status.ShouldBe(RunNowStatus.AlreadyRunning);
        release.SetResult();
        await a.Runner.WaitForRunAsync(import.RunId!.Value, Patience);

        _script.Bodies[FeedKind.UpdateProducts] = async (context, _) =>
        {
            await context.CommitCheckpointAsync("update-3");
            return FeedOutcome.Of(processed: 1, updated: 1);
        };
        var update = await b.Runner.RunNowAsync(integration.Id, FeedKind.UpdateProducts, TestUsers.Admin("bob"));
        update.Status.ShouldBe(RunNowStatus.Started);
        await b.Runner.WaitForRunAsync(update.RunId!.Value, Patience);

        (await RunAsync(update.RunId.Value)).Status.ShouldBe(FeedRunStatus.Succeeded);
        (await LeaseAsync(integration.Id, FeedKind.ImportNewProducts)).Checkpoint.ShouldBe("import-7");
        (await LeaseAsync(integration.Id, FeedKind.UpdateProducts)).Checkpoint.ShouldBe("update-3");
        _script.MaxRunning.ShouldBe(1);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var patience = Patience;
        while (!await condition()) await Task.Delay(20, patience);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFeedRunnerTests(SqliteDatabaseFixture database) : FeedRunnerTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerFeedRunnerTests(SqlServerDatabaseFixture database) : FeedRunnerTests(database);
