using Connect.Domain.Catalog;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Catalog;

/// <summary>
/// Product sync against the simulated shop: only what changed since its checkpoint is read and taken in the way Update products
/// takes it. The recorded demo shop's 19 products all share one date_upd second (2026-11-28 01:17:50), and pages hold 5
/// products here, so every full pass already crosses page boundaries inside one second.
/// </summary>
public abstract class ProductSyncFeedTests(DatabaseFixture database) : DatabaseTest(database)
{
    private const int DemoSkus = 47;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_first_run_reads_the_whole_catalog_once_across_pages_that_share_one_second()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);

        var run = kit.Run();
        var counts = await kit.Sync.RunAsync(kit.Client, run, Ct);

        (counts.Processed, counts.Created, counts.Updated, counts.Failed).ShouldBe((DemoSkus, 0, 0, 0));
        var (cursor, combinationsUpTo) = ProductSyncFeed.ParseCheckpoint(run.Checkpoint);
        cursor.ShouldBe(new(new DateTime(2026, 11, 28, 1, 17, 50), 19));
        combinationsUpTo.ShouldBe(kit.Shop.State.Table("combinations").Rows.Max(r => r.Id));
        run.Checkpoints.Count.ShouldBe(4); // 19 products of one second in pages of 5
    }

    [Fact]
    public async Task A_price_change_and_a_new_combination_are_taken_in_one_run_and_nothing_else_is_read()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        var first = kit.Run();
        await kit.Sync.RunAsync(kit.Client, first, Ct);
        kit.Set("products", 19, "price", "77.500000");
        Touch(kit, 19, "2026-11-30 10:00:00");
        var added = kit.AddCombination(2, "SYNC-NEW", 1.5m); // a Webservice combination write leaves the product's date_upd alone
        var skusOfProduct2 = kit.Expected().Keys.Count(k => k.StartsWith("2-", StringComparison.Ordinal));

        var run = first.Next();
        var counts = await kit.Sync.RunAsync(kit.Client, run, Ct);

        counts.Processed.ShouldBe(1 + skusOfProduct2); // product 19, and product 2 with all its combinations
        (counts.Created, counts.Updated, counts.Failed).ShouldBe((1, 1, 0));
        counts.Unchanged.ShouldBe(skusOfProduct2 - 1);
        (await ProductAsync("19-0")).Price.ShouldBe(77.5m);
        (await ProductAsync($"2-{added}")).Sku.ShouldBe("SYNC-NEW");
        var (cursor, combinationsUpTo) = ProductSyncFeed.ParseCheckpoint(run.Checkpoint);
        cursor.ShouldBe(new(new DateTime(2026, 11, 30, 10, 0, 0), 19));
        combinationsUpTo.ShouldBe(added);
        await ShouldMatchShopAsync(kit);

        var again = await kit.Sync.RunAsync(kit.Client, run.Next(), Ct);
        again.ShouldBe(FeedCounts.Zero);
    }

    [Fact]
    public async Task Rows_sharing_one_second_are_neither_skipped_nor_read_twice_when_a_run_resumes_mid_second()
    {
        await using var kit = await CatalogTestKit.StartAsync(Database);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        var first = kit.Run();
        await kit.Sync.RunAsync(kit.Client, first, Ct);
        int[] changed = [3, 6, 7, 8, 9, 10, 19];
        foreach (var id in changed)
        {
            kit.Set("products", id, "name", $"Renamed {id}");
            Touch(kit, id, "2026-11-30 10:00:00");
        }

        // The run stops after its first committed page: its checkpoint lies inside the second the 7 products share.
        var broken = new RecordingFeedRun(kit.IntegrationId, first.Checkpoint) { AfterCommit = _ => kit.Shop.Faults.FailNext(1) };
        await Should.ThrowAsync<Exception>(() => kit.Sync.RunAsync(CatalogTestKit.NewClient(kit.Shop, concurrency: 1), broken, Ct));
        kit.Shop.Faults.Reset();
        var stoppedAt = ProductSyncFeed.ParseCheckpoint(broken.Checkpoint).Cursor!;
        stoppedAt.DateUpd.ShouldBe(new DateTime(2026, 11, 30, 10, 0, 0));
        stoppedAt.Id.ShouldBeInRange(changed[0], changed[^2]); // inside the shared second, with rows of it still to read
        var resumed = await kit.Sync.RunAsync(kit.Client, broken.Next(), Ct);

        var left = kit.Expected().Keys.Count(k => changed.Any(id => id > stoppedAt.Id && k.StartsWith($"{id}-", StringComparison.Ordinal))); // SKUs
        (resumed.Processed, resumed.Updated).ShouldBe((left, left)); // the rows before the checkpoint are not read again
        var renamed = await Database.QueryAsync(db => db.Products.Where(p => p.Name.StartsWith("Renamed ")).Select(p => p.Name).Distinct().ToListAsync());
        renamed.Order().ShouldBe(changed.Select(id => $"Renamed {id}").Order());
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.6")]
    [InlineData("1.7")]
    [InlineData("8")]
    [InlineData("9")]
    public async Task Every_version_profile_syncs_a_changed_price(string version)
    {
        await using var kit = await CatalogTestKit.StartAsync(Database, new SimulatorOptions { Version = version });
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        var first = kit.Run();
        (await kit.Sync.RunAsync(kit.Client, first, Ct)).Processed.ShouldBe(DemoSkus);
        kit.Set("products", 6, "price", "12.340000");
        Touch(kit, 6, "2026-11-30 10:00:00");

        var counts = await kit.Sync.RunAsync(kit.Client, first.Next(), Ct);

        (counts.Processed, counts.Updated).ShouldBe((1, 1));
        (await ProductAsync("6-0")).Price.ShouldBe(12.34m);
    }

    private static void Touch(CatalogTestKit kit, int productId, string dateUpd) => kit.Set("products", productId, "date_upd", dateUpd);

    private async Task ShouldMatchShopAsync(CatalogTestKit kit)
    {
        var expected = kit.Expected();
        var saved = await Database.QueryAsync(db => (
                from l in db.ExternalLinks
                where l.IntegrationId == kit.IntegrationId && l.Kind == ExternalLinkKind.Product
                join p in db.Products on l.LocalId equals p.Id
                select new { l.ExternalId, p.Price, p.Sku }).AsNoTracking().ToListAsync());
        saved.Count.ShouldBe(expected.Count);
        foreach (var s in saved)
            (s.Sku, s.Price).ShouldBe((expected[s.ExternalId].Sku, expected[s.ExternalId].Price), s.ExternalId);
    }

    private Task<Product> ProductAsync(string externalId) => Database.QueryAsync(db =>
        (from l in db.ExternalLinks
         where l.Kind == ExternalLinkKind.Product && l.ExternalId == externalId
         join p in db.Products on l.LocalId equals p.Id
         select p).AsNoTracking().SingleAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteProductSyncFeedTests(SqliteDatabaseFixture database) : ProductSyncFeedTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerProductSyncFeedTests(SqlServerDatabaseFixture database) : ProductSyncFeedTests(database);
