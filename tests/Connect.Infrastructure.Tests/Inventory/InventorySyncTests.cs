using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Inventory;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Inventory;

/// <summary>The inventory sync view of an integration and force stock sync, on the simulated demo shop (47 linked SKUs).</summary>
public abstract class InventorySyncTests(DatabaseFixture database) : DatabaseTest(database)
{
    private const int DemoSkus = 47;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private InventorySync Sync => new(Database.Contexts, new StockExportSignal(), TimeProvider.System);

    [Fact]
    public async Task The_view_shows_what_was_sent_what_is_pending_what_failed_and_what_the_stock_check_found()
    {
        await using var kit = await StockTestKit.StartAsync(Database);
        var (sent, sentShopId) = await SimpleAsync(kit);
        var (broken, brokenShopId) = await SimpleAsync(kit, skip: 1);
        var (waiting, _) = await SimpleAsync(kit, skip: 2);
        lock (kit.Shop.State.Sync) kit.Shop.State.StockRow(brokenShopId)!["depends_on_stock"] = "1";
        await kit.SetOnHandAsync(sent, 21);
        await kit.SetOnHandAsync(broken, 5);
        await kit.ExportAsync();
        await kit.CheckAsync();
        kit.Shop.State.SetStock(sentShopId, 0, 3); // changed in the shop after the check
        await kit.SetOnHandAsync(waiting, 8);      // not exported yet

        var all = (await Sync.PageAsync(StockTestKit.Operator, kit.IntegrationId, new InventorySyncQuery(Take: 100), Ct))!;
        var notUpToDate = (await Sync.PageAsync(StockTestKit.Operator, kit.IntegrationId, new InventorySyncQuery(Filter: InventorySyncFilter.NotUpToDate), Ct))!;
        var failed = (await Sync.PageAsync(StockTestKit.Operator, kit.IntegrationId, new InventorySyncQuery(Filter: InventorySyncFilter.Failed), Ct))!;

        all.Total.ShouldBe(DemoSkus);
        var sentRow = all.Rows.Single(r => r.ProductId == sent);
        (sentRow.LastSentQuantity, sentRow.UpToDate, sentRow.LastError, sentRow.CheckedShopQuantity).ShouldBe((21, true, null, 21));
        sentRow.LastSentAt.ShouldNotBeNull();
        sentRow.CheckedAt.ShouldNotBeNull();
        var brokenRow = all.Rows.Single(r => r.ProductId == broken);
        (brokenRow.UpToDate, brokenRow.LastSentQuantity).ShouldBe((false, null));
        brokenRow.LastError!.ShouldContain("Advanced Stock Management");
        notUpToDate.Rows.Select(r => r.ProductId).Order().ShouldBe(new[] { broken, waiting }.Order());
        failed.Rows.Select(r => r.ProductId).ShouldBe([broken]);
        all.Rows.Count(r => r.CheckedAt is not null).ShouldBe(DemoSkus); // the check looked at every linked SKU
    }

    [Fact]
    public async Task Force_stock_sync_sends_the_current_quantity_again_even_when_nothing_changed_in_connect()
    {
        await using var kit = await StockTestKit.StartAsync(Database);
        var (product, shopId) = await SimpleAsync(kit);
        await kit.SetOnHandAsync(product, 12);
        await kit.ExportAsync();
        kit.Shop.State.SetStock(shopId, 0, 99); // someone changed it in the shop; Connect's quantity is unchanged
        (await kit.ExportAsync()).Processed.ShouldBe(0); // nothing pending: a plain export does not look

        var asked = await Sync.ForceAsync(StockTestKit.Operator, kit.IntegrationId, [product], Ct);
        var pending = (await Sync.PageAsync(StockTestKit.Operator, kit.IntegrationId, new InventorySyncQuery(Filter: InventorySyncFilter.NotUpToDate), Ct))!;
        var counts = await kit.ExportAsync();

        asked.ShouldBe(1);
        pending.Rows.Select(r => r.ProductId).ShouldBe([product]);
        (counts.Processed, counts.Updated).ShouldBe((1, 1));
        kit.ShopQuantity(shopId).ShouldBe(12);
    }

    [Fact]
    public async Task Force_stock_sync_of_all_asks_for_every_linked_sku_and_a_plain_export_finds_them_right()
    {
        await using var kit = await StockTestKit.StartAsync(Database);
        await kit.ImportAsync();

        var asked = await Sync.ForceAsync(StockTestKit.Operator, kit.IntegrationId, null, Ct);
        var counts = await kit.ExportAsync();

        asked.ShouldBe(DemoSkus);
        (counts.Processed, counts.Updated, counts.Unchanged, counts.Failed).ShouldBe((DemoSkus, 0, DemoSkus, 0));
        (await Sync.PageAsync(StockTestKit.Operator, kit.IntegrationId, new InventorySyncQuery(Filter: InventorySyncFilter.NotUpToDate), Ct))!.Total.ShouldBe(0);
    }

    [Fact]
    public async Task Viewers_and_operators_of_other_stores_cannot_force_and_other_stores_see_nothing()
    {
        await using var kit = await StockTestKit.StartAsync(Database);

        await Should.ThrowAsync<AccessDeniedException>(() => Sync.ForceAsync(TestUsers.Viewer(), kit.IntegrationId, null, Ct));
        await Should.ThrowAsync<AccessDeniedException>(() => Sync.ForceAsync(TestUsers.OperatorOf("other", kit.StoreId + 1000), kit.IntegrationId, null, Ct));
        (await Sync.PageAsync(TestUsers.OperatorOf("other", kit.StoreId + 1000), kit.IntegrationId, new InventorySyncQuery(), Ct)).ShouldBeNull();
        (await Database.QueryAsync(db => db.StockExportRequests.CountAsync())).ShouldBe(0);
        var search = await Sync.PageAsync(TestUsers.Viewer(), kit.IntegrationId, new InventorySyncQuery(Search: "demo_1"), Ct);
        search!.Rows.ShouldNotBeEmpty();
        search.Rows.ShouldAllBe(r => r.Sku.Contains("demo_1"));
    }

    private static async Task<(int ProductId, int ShopProductId)> SimpleAsync(StockTestKit kit, int skip = 0)
    {
        int shopId;
        lock (kit.Shop.State.Sync)
            shopId = kit.Shop.State.Table("products").Rows.Where(p => p.Items("combinations").Count == 0).Skip(skip).First().Id;
        return (await kit.ProductAsync(StockTestKit.Key(shopId, 0)), shopId);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteInventorySyncTests(SqliteDatabaseFixture database) : InventorySyncTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerInventorySyncTests(SqlServerDatabaseFixture database) : InventorySyncTests(database);
