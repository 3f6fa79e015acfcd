using Connect.Domain.Feeds;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.Infrastructure.Persistence;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Infrastructure.Tests.Catalog;

/// <summary>The catalog feeds registered with the feed engine and run through Run now, as the portal does.</summary>
public abstract class CatalogFeedEngineTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_catalog_feed_runs_through_the_engine_and_records_its_counts_and_checkpoint()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await using var services = Engine(kit);
        var runner = services.GetRequiredService<FeedRunner>();

        var products = await RunAsync(runner, kit, FeedKind.ImportNewProducts);
        var again = await RunAsync(runner, kit, FeedKind.ImportNewProducts);
        var update = await RunAsync(runner, kit, FeedKind.UpdateProducts);
        var images = await RunAsync(runner, kit, FeedKind.ImportProductImages);
        var suppliers = await RunAsync(runner, kit, FeedKind.ImportSuppliers);
        var offers = await RunAsync(runner, kit, FeedKind.ProductSupplierImport);

        (products.Status, products.Counts.Created, products.Checkpoint).ShouldBe((FeedRunStatus.Succeeded, 47, "19"));
        (again.Status, again.Counts).ShouldBe((FeedRunStatus.Succeeded, FeedCounts.Zero));
        (update.Status, update.Counts.Created, update.Counts.Updated, update.Checkpoint).ShouldBe((FeedRunStatus.Succeeded, 0, 0, UpdateProductsFeed.Finished));
        (images.Status, images.Counts.Created).ShouldBe((FeedRunStatus.Succeeded, kit.ExpectedImages()));
        (suppliers.Status, suppliers.Counts.Created).ShouldBe((FeedRunStatus.Succeeded, 2));
        // The 14 rows of products with combinations carry nothing Connect keeps (suppliers are per SKU): unchanged, not skipped.
        (offers.Status, offers.Counts.Created, offers.Counts.Unchanged, offers.Counts.Skipped).ShouldBe((FeedRunStatus.Succeeded, 59, 14, 0));
    }

    [Fact]
    public async Task A_refused_key_fails_the_run_with_the_fix_and_keeps_no_checkpoint()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        kit.Shop.Faults.BadKey = true;
        await using var services = Engine(kit);

        var run = await RunAsync(services.GetRequiredService<FeedRunner>(), kit, FeedKind.ImportNewProducts);

        run.Status.ShouldBe(FeedRunStatus.Failed);
        run.Error.ShouldNotBeNull();
        run.Error.ShouldContain("Advanced Parameters > Webservice");
        run.Checkpoint.ShouldBeNull();
    }

    [Fact]
    public async Task Clearing_the_synchronize_from_date_of_product_sync_forces_a_full_pass_and_is_refused_to_viewers_and_other_stores()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await using var services = Engine(kit);
        var runner = services.GetRequiredService<FeedRunner>();
        var queries = services.GetRequiredService<FeedQueries>();
        await RunAsync(runner, kit, FeedKind.ImportNewProducts);
        var full = await RunAsync(runner, kit, FeedKind.ProductSync);
        var quiet = await RunAsync(runner, kit, FeedKind.ProductSync);
        var shown = await SyncRowAsync(queries, kit);
        shown.SynchronizeFrom.ShouldBe(new DateTime(2026, 11, 28, 1, 17, 50));

        await Should.ThrowAsync<AccessDeniedException>(() => runner.ClearSynchronizeFromAsync(kit.IntegrationId, FeedKind.ProductSync, TestUsers.Viewer(), Ct));
        await Should.ThrowAsync<AccessDeniedException>(() =>
            runner.ClearSynchronizeFromAsync(kit.IntegrationId, FeedKind.ProductSync, TestUsers.OperatorOf("elsewhere", kit.IntegrationId + 1000), Ct));
        await Should.ThrowAsync<Connect.Domain.DomainException>(() =>
            runner.ClearSynchronizeFromAsync(kit.IntegrationId, FeedKind.UpdateProducts, TestUsers.Operator(), Ct));
        (await SyncRowAsync(queries, kit)).SynchronizeFrom.ShouldNotBeNull();
        await runner.ClearSynchronizeFromAsync(kit.IntegrationId, FeedKind.ProductSync, TestUsers.Operator(), Ct);
        (await SyncRowAsync(queries, kit)).SynchronizeFrom.ShouldBeNull();
        var resync = await RunAsync(runner, kit, FeedKind.ProductSync);

        (full.Status, full.Counts.Processed).ShouldBe((FeedRunStatus.Succeeded, 47));
        (quiet.Status, quiet.Counts.Processed).ShouldBe((FeedRunStatus.Succeeded, 0));
        (resync.Status, resync.Counts.Processed, resync.Counts.Updated).ShouldBe((FeedRunStatus.Succeeded, 47, 0));
        (await SyncRowAsync(queries, kit)).SynchronizeFrom.ShouldNotBeNull();
    }

    private static async Task<IntegrationFeedRow> SyncRowAsync(FeedQueries queries, CatalogTestKit kit) =>
        (await queries.GetIntegrationFeedsAsync(kit.IntegrationId, [], Ct))!.Feeds.Single(f => f.Feed == FeedKind.ProductSync);

    private ServiceProvider Engine(CatalogTestKit kit)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Database.Contexts);
        services.AddSingleton(new DataFolder(kit.DataFolder));
        services.AddSingleton<ICatalogClientSource>(new CatalogTestKit.ShopClients(kit.Shop));
        services.AddSingleton(new CatalogFeedOptions { ProductPageSize = 5, RowPageSize = 20, IdSetSize = 7, ImageBatchSize = 10 });
        services.AddFeedEngine(new ConfigurationBuilder().Build());
        services.AddPrestaShopCatalogFeeds();
        return services.BuildServiceProvider();
    }

    private async Task<FeedRun> RunAsync(FeedRunner runner, CatalogTestKit kit, FeedKind feed)
    {
        var started = await runner.RunNowAsync(kit.IntegrationId, feed, TestUsers.Operator("tester"), Ct);
        started.IsStarted.ShouldBeTrue(started.Reason);
        await runner.WaitForRunAsync(started.RunId!.Value, Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return await Database.QueryAsync(db => db.FeedRuns.AsNoTracking().SingleAsync(r => r.Id == started.RunId));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCatalogFeedEngineTests(SqliteDatabaseFixture database) : CatalogFeedEngineTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerCatalogFeedEngineTests(SqlServerDatabaseFixture database) : CatalogFeedEngineTests(database);
