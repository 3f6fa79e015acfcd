using System.Globalization;
using Connect.Domain.Feeds;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.Infrastructure.Inventory;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Inventory;

/// <summary>
/// The PrestaShop stock feeds on the simulated demo shop (58 stock rows, 47 linked SKUs) and a real database: what
/// reaches the shop after each kind of stock change, and that nothing promised is ever offered for sale.
/// </summary>
public abstract class StockFeedTests(DatabaseFixture database) : DatabaseTest(database)
{
    private const int DemoSkus = 47;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_then_stock_check_finds_no_difference_even_with_backordered_and_parked_orders()
    {
        await using var kit = await StockTestKit.StartAsync(Database, live: false);
        var (simple, simpleId) = await SimpleAsync(kit);
        var combination = await kit.ProductAsync("1-1");
        await kit.PlaceOrderAsync("100", (simple, 2));
        await kit.ParkOrderAsync("101", (combination, 3));

        var imported = await kit.ImportAsync();
        var run = kit.Run();
        var checkedCounts = await kit.CheckAsync(run);

        imported.Failed.ShouldBe(0);
        imported.Processed.ShouldBe(DemoSkus);
        checkedCounts.ShouldBe(new FeedCounts(DemoSkus, 0, 0, 0, 0, Unchanged: DemoSkus));
        run.Log.ShouldNotContain(l => l.Level == FeedLogLevel.Warning);
        (await kit.SellableAsync(simple)).ShouldBe(kit.ShopQuantity(simpleId));
        (await kit.SellableAsync(combination)).ShouldBe(kit.ShopQuantity(1, 1));
        var level = await Database.QueryAsync(db => db.StockLevels.SingleAsync(s => s.ProductId == combination));
        level.OnHand.ShouldBe(kit.ShopQuantity(1, 1) + 3); // the parked order's promise is kept back from the shop
    }

    [Fact]
    public async Task Import_without_an_import_warehouse_stops_with_the_fix()
    {
        await using var kit = await StockTestKit.StartAsync(Database, live: false);
        await Database.QueryAsync(async db =>
        {
            var integration = await db.Integrations.SingleAsync();
            integration.ChangeSettings(integration.Settings with { StockImportWarehouseId = null });
            return await db.SaveChangesAsync();
        });

        var error = await Should.ThrowAsync<Connect.Infrastructure.Feeds.FeedFatalException>(() => kit.ImportAsync());

        error.Explanation.ShouldContain("Import stock into warehouse");
    }

    [Fact]
    public async Task Adjustments_transfers_receipts_reservations_cancellations_and_shipments_each_reach_the_shop()
    {
        await using var kit = await StockTestKit.StartAsync(Database);
        var (product, shopId) = await SimpleAsync(kit);
        var other = await kit.AddWarehouseAsync("B");

        await kit.SetOnHandAsync(product, 40);
        await ExportShouldShowAsync(kit, shopId, 40);

        await kit.Inventory.TransferAsync(StockTestKit.Operator, new StockTransfer(product, kit.WarehouseId, other.Id, 5, null), Ct);
        await ExportShouldShowAsync(kit, shopId, 35);

        await kit.Inventory.ReceiveAsync(StockTestKit.Operator, new StockReceipt(product, kit.WarehouseId, 10, "PO-1"), Ct);
        await ExportShouldShowAsync(kit, shopId, 45);

        var reserved = await kit.PlaceOrderAsync("200", (product, 4));
        await ExportShouldShowAsync(kit, shopId, 41);

        await ChangeOrderAsync(kit, reserved.Id, (order, stockOf) => order.Cancel(stockOf, Change(StockMovementReason.ReservationReleased)));
        await ExportShouldShowAsync(kit, shopId, 45);

        var shipped = await kit.PlaceOrderAsync("201", (product, 3));
        await ExportShouldShowAsync(kit, shopId, 42);
        await ChangeOrderAsync(kit, shipped.Id, (order, stockOf) =>
            order.Ship([new ShipmentRequestLine(order.Lines[0].Id, 3)], "TRACK", stockOf, Change(StockMovementReason.Shipment)).Movements);
        await ExportShouldShowAsync(kit, shopId, 42);
        var level = await Database.QueryAsync(db => db.StockLevels.SingleAsync(s => s.ProductId == product && s.WarehouseId == kit.WarehouseId));
        (level.OnHand, level.Reserved).ShouldBe((42, 0));
    }

    [Fact]
    public async Task A_burst_of_a_thousand_changes_on_one_product_is_written_once_with_the_latest_value()
    {
        await using var kit = await StockTestKit.StartAsync(Database);
        var (product, shopId) = await SimpleAsync(kit);
        await using (var db = Database.CreateContext())
        {
            var level = db.StockLevels.Add(new StockLevel(product, kit.WarehouseId)).Entity;
            for (var i = 1; i <= 1000; i++)
            {
                db.StockMovements.Add(level.Adjust(1, Change(StockMovementReason.Receipt)));
                await db.SaveChangesAsync(Ct);
            }
        }
        var request = await Database.QueryAsync(db => db.StockExportRequests.SingleAsync(r => r.ProductId == product));
        request.Version.ShouldBe(1000);

        var counts = await kit.ExportAsync();

        counts.Updated.ShouldBe(1);
        kit.StockWrites.ShouldBe(1);
        kit.ShopQuantity(shopId).ShouldBe(1000);
        (await kit.ExportAsync()).Processed.ShouldBe(0); // nothing left in the queue
    }

    [Theory]
    [InlineData("1.6")]
    [InlineData("8")]
    public async Task A_combination_is_written_to_its_own_row_and_the_shop_sums_the_product_row(string version)
    {
        await using var kit = await StockTestKit.StartAsync(Database, new SimulatorOptions { Version = version });
        var combinations = kit.Shop.State.Table("stock_availables").Rows
            .Where(r => r.Int("id_product") == 1 && r.Int("id_product_attribute") != 0).Select(r => r.Int("id_product_attribute")).ToList();
        var first = await kit.ProductAsync(StockTestKit.Key(1, combinations[0]));
        var othersInShop = combinations.Skip(1).Sum(c => kit.ShopQuantity(1, c));

        await kit.SetOnHandAsync(first, 7);
        await kit.ExportAsync();

        kit.ShopQuantity(1, combinations[0]).ShouldBe(7);
        kit.ShopQuantity(1, 0).ShouldBe(othersInShop + 7);
        kit.Shop.Writes.For("PUT", "stock_availables").ShouldHaveSingleItem().Path.ShouldEndWith(
            "/" + kit.Shop.State.StockRow(1, combinations[0])!.Id.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task In_multistore_only_the_row_of_the_integrations_shop_is_written()
    {
        await using var kit = await StockTestKit.StartAsync(Database, shopId: 2);
        var (product, shopId) = await SimpleAsync(kit);
        var secondShopRow = AddSecondShopRow(kit, shopId, quantity: 400);
        var firstShopBefore = kit.ShopQuantity(shopId);

        await kit.SetOnHandAsync(product, 12);
        var counts = await kit.ExportAsync();

        counts.Updated.ShouldBe(1);
        kit.Shop.State.Find("stock_availables", secondShopRow)!.Int("quantity").ShouldBe(12);
        kit.ShopQuantity(shopId).ShouldBe(firstShopBefore);
    }

    [Fact]
    public async Task A_row_that_depends_on_advanced_stock_management_is_refused_with_the_explanation_and_the_rest_goes_on()
    {
        await using var kit = await StockTestKit.StartAsync(Database);
        var (asm, asmShopId) = await SimpleAsync(kit);
        var (other, otherShopId) = await SimpleAsync(kit, skip: 1);
        lock (kit.Shop.State.Sync) kit.Shop.State.StockRow(asmShopId)!["depends_on_stock"] = "1";
        var before = kit.ShopQuantity(asmShopId);

        await kit.SetOnHandAsync(asm, before + 5);
        await kit.SetOnHandAsync(other, 9);
        var run = kit.Run();
        var counts = await kit.ExportAsync(run);

        (counts.Updated, counts.Failed).ShouldBe((1, 1));
        kit.ShopQuantity(asmShopId).ShouldBe(before);
        kit.ShopQuantity(otherShopId).ShouldBe(9);
        run.Log.ShouldContain(l => l.Level == FeedLogLevel.Error && l.Message.Contains("Advanced Stock Management") && l.Message.Contains("Depends on stock"));
        var request = await Database.QueryAsync(db => db.StockExportRequests.SingleAsync(r => r.ProductId == asm));
        request.IsPending.ShouldBeTrue();
        request.NextAttemptAt.ShouldNotBeNull(); // retried after a backoff, not dropped
        request.LastError!.ShouldContain("Advanced Stock Management");
    }

    [Fact]
    public async Task A_change_committed_just_before_a_crash_is_exported_after_the_restart()
    {
        await using var kit = await StockTestKit.StartAsync(Database);
        var (product, shopId) = await SimpleAsync(kit);

        await kit.SetOnHandAsync(product, 33);
        // "Restart": nothing survives but the database; a new feed on a new client finds the request there.
        var pending = await Database.QueryAsync(db => db.StockExportRequests.CountAsync(r => r.ProductId == product && r.Version > r.HandledVersion));
        var afterRestart = new StockLevelExportFeed(new Catalog.CatalogTestKit.ShopClients(kit.Shop), Database.Contexts,
            new SellableQuantity(Database.Contexts), new StockFeedOptions(), TimeProvider.System);
        using var client = Catalog.CatalogTestKit.NewClient(kit.Shop);
        await afterRestart.RunAsync(client, kit.Run(), Ct);

        pending.ShouldBe(1);
        kit.ShopQuantity(shopId).ShouldBe(33);
        var request = await Database.QueryAsync(db => db.StockExportRequests.SingleAsync(r => r.ProductId == product));
        (request.IsPending, request.LastExportedQuantity).ShouldBe((false, 33));
    }

    [Fact]
    public async Task A_quantity_changed_in_the_shop_behind_connects_back_is_corrected_by_the_stock_check()
    {
        await using var kit = await StockTestKit.StartAsync(Database);
        await kit.ImportAsync();
        var (_, shopId) = await SimpleAsync(kit);
        var right = kit.ShopQuantity(shopId);
        kit.Shop.State.SetStock(shopId, 0, right + 17);

        var run = kit.Run();
        var counts = await kit.CheckAsync(run);

        (counts.Processed, counts.Updated, counts.Failed).ShouldBe((DemoSkus, 1, 0));
        kit.ShopQuantity(shopId).ShouldBe(right);
        run.Log.ShouldContain(l => l.Level == FeedLogLevel.Warning && l.Message.Contains($"shows {right + 17}, Connect sells {right}"));
        run.Log.ShouldContain(l => l.Message == $"Checked {DemoSkus}, different 1, corrected 1");
    }

    [Fact]
    public async Task Before_live_the_stock_check_only_reports_the_differences()
    {
        await using var kit = await StockTestKit.StartAsync(Database, live: false);
        var (_, shopId) = await SimpleAsync(kit);
        var before = kit.ShopQuantity(shopId);

        var run = kit.Run();
        var counts = await kit.CheckAsync(run);

        counts.Updated.ShouldBe(0);
        kit.StockWrites.ShouldBe(0);
        kit.ShopQuantity(shopId).ShouldBe(before);
        run.Log.Count(l => l.Message.Contains("Not corrected: the integration is not Live yet")).ShouldBe(DemoSkus);
    }

    [Fact]
    public async Task Backordered_and_parked_quantities_are_never_offered_for_sale()
    {
        await using var kit = await StockTestKit.StartAsync(Database);
        var (backordered, backorderedShopId) = await SimpleAsync(kit);
        var (parked, parkedShopId) = await SimpleAsync(kit, skip: 1);
        await kit.SetOnHandAsync(backordered, 5);
        await kit.SetOnHandAsync(parked, 4);

        var order = await kit.PlaceOrderAsync("300", (backordered, 8)); // 5 reserved, 3 on backorder
        await kit.ParkOrderAsync("301", (parked, 6));                   // more than there is
        await kit.ExportAsync();

        order.PreparationState.ShouldBe(PreparationState.Partial);
        kit.ShopQuantity(backorderedShopId).ShouldBe(0);
        kit.ShopQuantity(parkedShopId).ShouldBe(0);

        // Stock arrives: the partial order takes what it misses first, the parked order's promise is still kept back.
        await kit.Inventory.ReceiveAsync(StockTestKit.Operator, new StockReceipt(backordered, kit.WarehouseId, 4, null), Ct);
        await kit.Inventory.ReceiveAsync(StockTestKit.Operator, new StockReceipt(parked, kit.WarehouseId, 3, null), Ct);
        await kit.ExportAsync();

        kit.ShopQuantity(backorderedShopId).ShouldBe(1);
        kit.ShopQuantity(parkedShopId).ShouldBe(1);
        var allocated = await Database.QueryAsync(db => db.Orders.SingleAsync(o => o.Id == order.Id));
        allocated.PreparationState.ShouldBe(PreparationState.InStock);
    }

    private static async Task ExportShouldShowAsync(StockTestKit kit, int shopProductId, int expected)
    {
        var run = kit.Run();
        await kit.ExportAsync(run);
        run.Log.ShouldBeEmpty();
        kit.ShopQuantity(shopProductId).ShouldBe(expected);
    }

    private static StockChange Change(StockMovementReason reason) => new(reason, "test", DateTime.UtcNow);

    private async Task ChangeOrderAsync(StockTestKit kit, int orderId, Func<Order, Func<int, StockLevel>, IReadOnlyList<StockMovement>> change)
    {
        await using var db = Database.CreateContext();
        var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId, Ct);
        var levels = await db.StockLevels.Where(s => s.WarehouseId == kit.WarehouseId).ToDictionaryAsync(s => s.ProductId, Ct);
        db.StockMovements.AddRange(change(order, id => levels[id]));
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>A shop product without combinations (the nth), and its Connect product.</summary>
    private static async Task<(int ProductId, int ShopProductId)> SimpleAsync(StockTestKit kit, int skip = 0)
    {
        int shopId;
        lock (kit.Shop.State.Sync)
            shopId = kit.Shop.State.Table("products").Rows.Where(p => p.Items("combinations").Count == 0).Skip(skip).First().Id;
        return (await kit.ProductAsync(StockTestKit.Key(shopId, 0)), shopId);
    }

    /// <summary>A second shop's copy of a product's stock row (multistore without shared stock), as the recorded shop has.</summary>
    private static int AddSecondShopRow(StockTestKit kit, int shopProductId, int quantity)
    {
        lock (kit.Shop.State.Sync)
        {
            var table = kit.Shop.State.Table("stock_availables");
            foreach (var row in table.Rows.ToList())
            {
                var copy = row.Clone(table.NextId);
                copy["id_shop"] = "2";
                table.Add(copy);
            }
            var mine = table.Rows.Single(r => r.Int("id_product") == shopProductId && r.Int("id_product_attribute") == 0 && r.Int("id_shop") == 2);
            mine["quantity"] = quantity.ToString(CultureInfo.InvariantCulture);
            return mine.Id;
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteStockFeedTests(SqliteDatabaseFixture database) : StockFeedTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerStockFeedTests(SqlServerDatabaseFixture database) : StockFeedTests(database);
