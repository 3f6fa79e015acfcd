using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using static Connect.Infrastructure.Tests.Feeds.FeedTestData;

namespace Connect.Infrastructure.Tests.Feeds;

/// <summary>The read side of the feed pages: the overview's latest run per feed, read without scanning every run.</summary>
[Collection(SqliteCollection.Name)]
public sealed class FeedQueriesTests(SqliteDatabaseFixture database) : DatabaseTest(database)
{
    [Fact]
    public async Task The_overview_shows_each_feeds_most_recently_started_run_and_whether_it_ever_succeeded()
    {
        var integration = await IntegrationAsync(Database);
        var old = Run(integration.Id, FeedKind.ImportNewProducts, Start.UtcDateTime, FeedRunStatus.Succeeded);
        var failed = Run(integration.Id, FeedKind.ImportNewProducts, Start.UtcDateTime.AddHours(1), FeedRunStatus.Failed);
        var never = Run(integration.Id, FeedKind.ImportNewOrders, Start.UtcDateTime, FeedRunStatus.Failed);
        await Database.InsertAsync(old, failed, never);
        var script = new FeedScript();
        await using var engine = new EngineInstance(Database, script, "a", new ManualTimeProvider(Start));

        var view = (await engine.Queries.GetOverviewAsync([])).ShouldHaveSingleItem();

        var products = view.Feeds.Single(f => f.Feed == FeedKind.ImportNewProducts);
        (products.LastRun.ShouldNotBeNull().Id, products.LastRun.Status, products.SuccessfulRuns).ShouldBe((failed.Id, FeedRunStatus.Failed, 1));
        var orders = view.Feeds.Single(f => f.Feed == FeedKind.ImportNewOrders);
        (orders.LastRun.ShouldNotBeNull().Id, orders.SuccessfulRuns).ShouldBe((never.Id, 0));
        view.Feeds.Single(f => f.Feed == FeedKind.StockLevelExport).LastRun.ShouldBeNull();
    }

    [Fact]
    public async Task The_latest_run_query_seeks_each_feed_in_the_runs_index_instead_of_scanning_the_runs()
    {
        var integration = await IntegrationAsync(Database);
        await Database.InsertAsync(Enumerable.Range(0, 50)
            .Select(n => (object)Run(integration.Id, n % 2 == 0 ? FeedKind.ImportNewProducts : FeedKind.ImportNewOrders, Start.UtcDateTime.AddMinutes(n), FeedRunStatus.Succeeded))
            .ToArray());

        await using var db = await Database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        await using var command = FeedQueries.LatestRuns(db, [integration.Id], Enum.GetValues<FeedKind>()).CreateDbCommand();
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) plan.Add(reader.GetString(3));

        var runSteps = plan.Where(step => step.Contains("FeedRuns", StringComparison.Ordinal) || step.Contains("IX_FeedRuns", StringComparison.Ordinal)).ToList();
        runSteps.ShouldNotBeEmpty();
        runSteps.ShouldAllBe(step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains("(IntegrationId=? AND Feed=?)", StringComparison.Ordinal),
            string.Join(Environment.NewLine, plan));
        plan.ShouldNotContain(step => step.Contains("TEMP B-TREE", StringComparison.Ordinal), string.Join(Environment.NewLine, plan));
    }

    private static FeedRun Run(int integrationId, FeedKind feed, DateTime startedAt, FeedRunStatus status)
    {
        var run = new FeedRun(integrationId, feed, FeedTrigger.Manual, "ada", "a", null, startedAt);
        if (status == FeedRunStatus.Succeeded) run.Complete(new FeedCounts(0, 0, 0, 0, 0), startedAt.AddMinutes(1));
        else run.Fail(new FeedCounts(0, 0, 0, 0, 0), "The shop did not answer.", startedAt.AddMinutes(1));
        return run;
    }
}
