using System.Data.Common;
using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using static Connect.Infrastructure.Tests.Feeds.FeedTestData;

namespace Connect.Infrastructure.Tests.Feeds;

/// <summary>The runner when the database misbehaves: a statement replayed by the retrying strategy, a final write that fails.</summary>
[Collection(SqliteCollection.Name)]
public sealed class FeedRunnerRecoveryTests(SqliteDatabaseFixture database) : DatabaseTest(database)
{

    [Fact]
    public async Task A_lease_renewal_replayed_after_it_committed_does_not_read_as_a_lost_lease()
    {
        var integration = await IntegrationAsync(Database);
        var script = new FeedScript();
        var release = new TaskCompletionSource();
        script.Bodies[FeedKind.ImportNewProducts] = async (_, token) =>
        {
            await release.Task.WaitAsync(token);
            return FeedOutcome.Of(processed: 1, updated: 1);
        };
        var faults = new StatementFaults();
        await using var engine = new EngineInstance(Database, script, "a", new ManualTimeProvider(Start), contexts: Database.ContextsWith(faults));
        var started = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Admin("ada"));
        await script.Entered.WaitAsync(Patience);

        // The next lease renewal commits, then its connection "fails": the strategy replays it.
        faults.FailAfterCommitOnce("UPDATE \"FeedLeases\"");
        engine.Clock.Advance(TimeSpan.FromSeconds(20));
        await faults.Fired.Task.WaitAsync(Patience);
        engine.Clock.Advance(TimeSpan.FromSeconds(20)); // and the lease keeps being renewed afterwards
        await Task.Delay(300);
        release.SetResult();
        await engine.Runner.WaitForRunAsync(started.RunId!.Value, Patience);

        var run = await Database.QueryAsync(db => db.FeedRuns.AsNoTracking().SingleAsync());
        run.Status.ShouldBe(FeedRunStatus.Succeeded);
    }

    [Fact]
    public async Task A_run_whose_lease_lapsed_stops_itself()
    {
        var integration = await IntegrationAsync(Database);
        var script = new FeedScript();
        script.Bodies[FeedKind.ImportNewProducts] = async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return FeedOutcome.Of();
        };
        var faults = new StatementFaults();
        await using var engine = new EngineInstance(Database, script, "a", new ManualTimeProvider(Start), contexts: Database.ContextsWith(faults));
        var started = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Admin("ada"));
        await script.Entered.WaitAsync(Patience);

        faults.FailAlways("UPDATE \"FeedLeases\""); // renewals fail from now on
        engine.Clock.Advance(TimeSpan.FromSeconds(61));
        await engine.Runner.WaitForRunAsync(started.RunId!.Value, Patience);

        var run = await Database.QueryAsync(db => db.FeedRuns.AsNoTracking().SingleAsync());
        run.Status.ShouldBe(FeedRunStatus.Cancelled);
        run.Message.ShouldNotBeNull().ShouldContain("could not renew its lease");
    }

    [Fact]
    public async Task Live_progress_shows_how_the_run_really_ended_when_recording_its_end_failed()
    {
        var integration = await IntegrationAsync(Database);
        var script = new FeedScript();
        var faults = new StatementFaults();
        script.Bodies[FeedKind.ImportNewProducts] = (_, _) =>
        {
            faults.FailAlways("UPDATE \"FeedRuns\"");
            return Task.FromResult(FeedOutcome.Of(processed: 2, created: 2));
        };
        await using var engine = new EngineInstance(Database, script, "a", new ManualTimeProvider(Start), contexts: Database.ContextsWith(faults));
        var published = new List<FeedProgressSnapshot>();
        using var subscription = engine.Notifier.Subscribe(s => { lock (published) published.Add(s); });

        var started = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Admin("ada"));
        await engine.Runner.WaitForRunAsync(started.RunId!.Value, Patience);

        FeedProgressSnapshot last;
        lock (published) last = published.Last(s => s.RunId == started.RunId);
        last.Status.ShouldBe(FeedRunStatus.Succeeded);
        last.EndedAt.ShouldNotBeNull();
        last.Counts.Created.ShouldBe(2);
    }

    [Fact]
    public async Task Log_entries_are_written_in_batches_and_all_kept()
    {
        var integration = await IntegrationAsync(Database);
        var script = new FeedScript();
        script.Bodies[FeedKind.ImportNewProducts] = async (context, _) =>
        {
            for (var i = 0; i < 120; i++)
                await context.LogAsync(FeedLogLevel.Warning, $"Product {i} skipped", externalId: i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return FeedOutcome.Of(processed: 120, skipped: 120);
        };
        var saves = new LogSaves();
        await using var engine = new EngineInstance(Database, script, "a", new ManualTimeProvider(Start), contexts: Database.ContextsWith(saves));

        var started = await engine.Runner.RunNowAsync(integration.Id, FeedKind.ImportNewProducts, TestUsers.Admin("ada"));
        await engine.Runner.WaitForRunAsync(started.RunId!.Value, Patience);

        (await Database.QueryAsync(db => db.FeedLogEntries.CountAsync())).ShouldBe(120);
        saves.Count.ShouldBeLessThanOrEqualTo(3);
    }

    private sealed class LogSaves : SaveChangesInterceptor
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<FeedLogEntry>().Any(e => e.State == EntityState.Added))
                Interlocked.Increment(ref _count);
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    /// <summary>Makes chosen statements fail the way a flaky connection does.</summary>
    private sealed class StatementFaults : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private readonly Lock _gate = new();
        private string? _onceAfterCommit;
        private string? _always;
        private bool _pendingCommit;

        public TaskCompletionSource Fired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void FailAfterCommitOnce(string statement) { lock (_gate) _onceAfterCommit = statement; }

        public void FailAlways(string statement) { lock (_gate) _always = statement; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (_gate)
                if (_always is { } statement && command.CommandText.Contains(statement, StringComparison.Ordinal))
                    throw new InvalidOperationException("The database went away.");
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            bool hit;
            lock (_gate)
            {
                hit = _onceAfterCommit is { } statement && command.CommandText.Contains(statement, StringComparison.Ordinal);
                if (hit) _onceAfterCommit = null;
            }
            if (!hit) return result;
            if (command.Transaction is not null)
            {
                lock (_gate) _pendingCommit = true;
                return result;
            }
            // No transaction: the statement is already committed when its answer is lost.
            await result.DisposeAsync();
            Fired.TrySetResult();
            throw new SqliteException("database is locked", 5);
        }

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                if (!_pendingCommit) return Task.CompletedTask;
                _pendingCommit = false;
            }
            Fired.TrySetResult();
            throw new SqliteException("database is locked", 5);
        }
    }
}
