using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using static Connect.Domain.Integrations.OrderImportAction;

namespace Connect.Infrastructure.Tests.Orders;

/// <summary>
/// The Import and complete rule action on the simulated demo shop: orders 2 (4-18 x2, 8-0 x1) and 4 (16-29 x1) are in state 1,
/// mapped to Import and complete; order 5 (state 10) is imported and held, so Update orders has an open order to start from.
/// </summary>
public abstract class ImportAndCompleteTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, (OrderImportAction, bool)> Rules() => new()
    {
        ["1"] = (ImportAndComplete, false), ["6"] = (DoNotImport, false), ["8"] = (DoNotImport, false), ["10"] = (ImportAndHold, false),
    };

    [Fact]
    public async Task An_order_whose_stock_is_there_is_imported_and_shipped_at_once_from_the_default_warehouse_without_a_shipping_confirmation()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, Rules());
        await kit.Catalog.RunAsync(kit.Client, kit.Run(), Ct);
        await kit.SetOnHandAsync("4-18", 5);
        await kit.SetOnHandAsync("8-0", 1);
        await kit.SetOnHandAsync("16-29", 1);

        var run = kit.Run();
        await kit.ImportNew.RunAsync(kit.Client, run, Ct);

        var order = (await kit.OrderAsync(2))!;
        order.Status.ShouldBe(OrderStatus.Shipped);
        order.Lines.ShouldAllBe(l => l.QuantityShipped == l.Quantity && l.QuantityReserved == 0);
        var shipment = order.Shipments.ShouldHaveSingleItem();
        (shipment.CompletesOrder, shipment.ShippedBy, shipment.ShippingMethodId).ShouldBe((true, "Import new orders", kit.ShippingMethodId));
        var shirt = (await kit.StockAsync("4-18"))!;
        (shirt.OnHand, shirt.Reserved).ShouldBe((3, 0));
        var mug = (await kit.StockAsync("8-0"))!;
        (mug.OnHand, mug.Reserved).ShouldBe((0, 0));
        (await kit.OrderAsync(4))!.Status.ShouldBe(OrderStatus.Shipped);
        var shipped = await Database.QueryAsync(db => db.StockMovements.AsNoTracking()
            .Where(m => m.OrderId == order.Id && m.Reason == StockMovementReason.Shipment).ToListAsync(Ct));
        shipped.Sum(m => -m.OnHandChange).ShouldBe(3);
        (await Database.QueryAsync(db => db.PendingShippingConfirmations.CountAsync(Ct))).ShouldBe(0);
        run.Log.ShouldContain(l => l.ExternalId == "2" && l.Level == FeedLogLevel.Info && l.Message.Contains("complete: shipped in Connect", StringComparison.Ordinal));
        run.Log.ShouldNotContain(l => l.ExternalId == "2" && l.Level == FeedLogLevel.Warning); // other orders are warned of as not imported by their rule
        var history = await HistoryAsync(order.Id);
        history.Select(e => e.Kind).ShouldBe([OrderEventKind.Imported, OrderEventKind.Shipped]);
        history[0].Note!.ShouldStartWith("Import and complete (shop state '");
        history[1].Note!.ShouldContain("shipped outside Connect");
    }

    [Fact]
    public async Task An_order_without_all_its_stock_is_imported_as_valid_with_what_there_is_and_the_log_says_why_and_how_to_fix_it()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, Rules());
        await kit.Catalog.RunAsync(kit.Client, kit.Run(), Ct);
        await kit.SetOnHandAsync("4-18", 1); // order 2 needs 2
        await kit.SetOnHandAsync("8-0", 1);

        var run = kit.Run();
        var counts = await kit.ImportNew.RunAsync(kit.Client, run, Ct);

        counts.Created.ShouldBe(3);
        var partial = (await kit.OrderAsync(2))!;
        (partial.Status, partial.PreparationState).ShouldBe((OrderStatus.Valid, PreparationState.Partial));
        partial.Shipments.ShouldBeEmpty();
        partial.Lines.Sum(l => l.QuantityReserved).ShouldBe(2);
        var none = (await kit.OrderAsync(4))!;
        (none.Status, none.PreparationState).ShouldBe((OrderStatus.Valid, PreparationState.Backorder));
        (await kit.StockAsync("4-18"))!.OnHand.ShouldBe(1);
        var warning = run.Log.Single(l => l.Level == FeedLogLevel.Warning && l.ExternalId == "2").Message;
        warning.ShouldContain("imported as valid, not shipped");
        warning.ShouldContain("demo_5"); // the short SKU with what is reserved of what is needed
        warning.ShouldContain("Count the missing stock");
        run.Log.ShouldContain(l => l.Level == FeedLogLevel.Warning && l.ExternalId == "4");
        (await HistoryAsync(partial.Id)).Select(e => e.Kind).ShouldBe([OrderEventKind.Imported]);
    }

    [Fact]
    public async Task An_order_waiting_for_a_carrier_mapping_is_imported_and_completed_by_Retry()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, Rules(), mapCarriers: false);
        await kit.Catalog.RunAsync(kit.Client, kit.Run(), Ct);
        await kit.SetOnHandAsync("16-29", 1);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        (await kit.OrderAsync(4)).ShouldBeNull();
        await kit.MapCarrierAsync("2", "My carrier");

        var retry = new Catalog.RecordingFeedRun(kit.IntegrationId) { RunId = 4242 };
        await kit.Retry.RunAsync(kit.Client, retry, Ct);

        var order = (await kit.OrderAsync(4))!;
        order.Status.ShouldBe(OrderStatus.Shipped);
        (await kit.StockAsync("16-29"))!.OnHand.ShouldBe(0);
        var history = await HistoryAsync(order.Id);
        history.ShouldAllBe(e => e.By == "Retry" && e.FeedRunId == 4242);
        history.Select(e => e.Kind).ShouldBe([OrderEventKind.Imported, OrderEventKind.Shipped]);
    }

    [Fact]
    public async Task Update_orders_does_not_cancel_a_completed_order_the_shop_refunds_and_reports_the_conflict()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, Rules());
        await kit.Catalog.RunAsync(kit.Client, kit.Run(), Ct);
        await kit.SetOnHandAsync("16-29", 1);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        (await kit.OrderAsync(4))!.Status.ShouldBe(OrderStatus.Shipped);
        await kit.ChangeRuleAsync("7", ImportAndCancel, false);
        kit.SetShopState(4, 7, DateTime.Now.AddMinutes(5));

        var run = kit.Run();
        var counts = await kit.Update.RunAsync(kit.Client, run, Ct);

        counts.Failed.ShouldBe(1);
        (await kit.OrderAsync(4))!.Status.ShouldBe(OrderStatus.Shipped);
        (await kit.StockAsync("16-29"))!.OnHand.ShouldBe(0);
        run.Log.ShouldContain(l => l.Level == FeedLogLevel.Warning && l.ExternalId == "4" && l.Message.Contains("was not cancelled", StringComparison.Ordinal));
    }

    private Task<List<OrderEvent>> HistoryAsync(int orderId) =>
        Database.QueryAsync(db => db.OrderEvents.AsNoTracking().Where(e => e.OrderId == orderId).OrderBy(e => e.Id).ToListAsync(Ct));
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteImportAndCompleteTests(SqliteDatabaseFixture database) : ImportAndCompleteTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerImportAndCompleteTests(SqlServerDatabaseFixture database) : ImportAndCompleteTests(database);
