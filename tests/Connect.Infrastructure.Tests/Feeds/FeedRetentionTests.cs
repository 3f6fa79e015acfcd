using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Connect.Infrastructure.Tests.Feeds.FeedTestData;

namespace Connect.Infrastructure.Tests.Feeds;

public abstract class FeedRetentionTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static readonly DateTime Now = Start.UtcDateTime;

    private async Task<FeedRun> RunAsync(int integrationId, FeedKind feed, DateTime startedAt, FeedRunStatus status)
    {
        var run = new FeedRun(integrationId, feed, FeedTrigger.Manual, "ada", "a", null, startedAt);
        switch (status)
        {
            case FeedRunStatus.Succeeded: run.Complete(new FeedCounts(1, 1, 0, 0, 0), startedAt.AddMinutes(1)); break;
            case FeedRunStatus.Failed: run.Fail(FeedCounts.Zero, "Broken.", startedAt.AddMinutes(1)); break;
        }
        await Database.InsertAsync(run);
        await Database.InsertAsync(new FeedLogEntry(run.Id, startedAt, FeedLogLevel.Info, "Line"));
        return run;
    }

    [Fact]
    public async Task Runs_older_than_the_retention_are_deleted_with_their_log_but_each_feeds_last_success_stays()
    {
        var integration = await IntegrationAsync(Database);
        var oldFailed = await RunAsync(integration.Id, FeedKind.ImportNewProducts, Now.AddDays(-100), FeedRunStatus.Failed);
        var oldSuccess = await RunAsync(integration.Id, FeedKind.ImportNewProducts, Now.AddDays(-99), FeedRunStatus.Succeeded);
        var newerSuccess = await RunAsync(integration.Id, FeedKind.ImportNewProducts, Now.AddDays(-95), FeedRunStatus.Succeeded);
        var onlyStockImport = await RunAsync(integration.Id, FeedKind.ImportStockLevels, Now.AddDays(-300), FeedRunStatus.Succeeded);
        var stillRunning = await RunAsync(integration.Id, FeedKind.ImportNewOrders, Now.AddDays(-120), FeedRunStatus.Running);
        var recent = await RunAsync(integration.Id, FeedKind.ImportNewOrders, Now.AddDays(-10), FeedRunStatus.Failed);
        var retention = new FeedRetention(Database.Contexts, new ManualTimeProvider(Start), Options.Create(new FeedEngineOptions()), NullLogger<FeedRetention>.Instance);

        var deleted = await retention.PurgeAsync();

        deleted.ShouldBe(2);
        var left = await Database.QueryAsync(db => db.FeedRuns.Select(r => r.Id).OrderBy(id => id).ToListAsync());
        left.ShouldBe(new[] { newerSuccess.Id, onlyStockImport.Id, stillRunning.Id, recent.Id }.Order().ToList());
        (await Database.QueryAsync(db => db.FeedLogEntries.CountAsync())).ShouldBe(4);
        oldFailed.Id.ShouldNotBe(oldSuccess.Id);
    }

    [Fact]
    public void The_retention_defaults_to_90_days()
    {
        new FeedEngineOptions().RunRetention.ShouldBe(TimeSpan.FromDays(90));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFeedRetentionTests(SqliteDatabaseFixture database) : FeedRetentionTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerFeedRetentionTests(SqlServerDatabaseFixture database) : FeedRetentionTests(database);
