using Bunit;
using Connect.Domain.Feeds;
using Connect.Testing;
using Connect.Web.Components.Feeds;

namespace Connect.Web.Tests.Feeds;

public abstract class FeedLogTests(DatabaseFixture database) : FeedPageTestBase(database)
{
    [Fact]
    public async Task Lists_runs_across_integrations_newest_first()
    {
        var first = await IntegrationAsync("Shop FR");
        await RunAsync(first.Id, FeedKind.ImportNewProducts, new FeedCounts(3, 3, 0, 0, 0));
        await RunAsync(first.Id, FeedKind.ImportNewOrders, new FeedCounts(4, 2, 1, 0, 1));

        var cut = Render<FeedLog>();

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("#feed-runs tbody tr");
            rows.Count.ShouldBe(2);
            rows[0].TextContent.ShouldContain("Import new orders");
            rows[0].TextContent.ShouldContain("Completed with errors");
            rows[1].TextContent.ShouldContain("Shop FR");
        });
    }

    [Fact]
    public async Task A_running_run_updates_in_place_from_live_snapshots()
    {
        var integration = await IntegrationAsync();
        var run = await RunAsync(integration.Id, FeedKind.ImportStockLevels);
        var cut = Render<FeedLog>();
        cut.WaitForAssertion(() => cut.Find("#feed-runs tbody tr .run-status").TextContent.ShouldContain("Running"));

        Notifier.Publish(Snapshot(run, FeedRunStatus.Succeeded, new FeedCounts(7, 0, 7, 0, 0)));

        cut.WaitForAssertion(() =>
        {
            cut.Find("#feed-runs tbody tr .run-status").TextContent.ShouldContain("Succeeded");
            cut.Find("#feed-runs tbody tr .run-counts").TextContent.ShouldContain("7 processed · 0 created · 7 updated");
        });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteFeedLogTests(SqliteDatabaseFixture database) : FeedLogTests(database);
