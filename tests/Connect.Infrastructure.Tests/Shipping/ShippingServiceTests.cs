using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Infrastructure.Shipping;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Shipping;

/// <summary>Shipping in Connect: quantities, stock, order status, the pending confirmation, roles and store scope.</summary>
public abstract class ShippingServiceTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Shipping_everything_moves_stock_ships_the_order_and_queues_its_confirmation_in_one_go()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(2, 10, ("MUG", 2), ("CAP", 1));

        var result = await kit.ShipAsync(order, " 6A1 ");

        result.OrderComplete.ShouldBeTrue();
        await using var db = Database.CreateContext();
        var saved = await db.Orders.Include(o => o.Shipments).SingleAsync(Ct);
        saved.Status.ShouldBe(OrderStatus.Shipped);
        var shipment = saved.Shipments.Single();
        shipment.TrackingNumber.ShouldBe("6A1");
        shipment.ShippingMethodId.ShouldBe(saved.ShippingMethodId);
        shipment.ShippedBy.ShouldBe("op");
        var levels = await db.StockLevels.OrderBy(l => l.ProductId).ToListAsync(Ct);
        levels.Select(l => (l.OnHand, l.Reserved)).ShouldBe([(8, 0), (9, 0)]);
        (await db.StockMovements.CountAsync(m => m.Reason == StockMovementReason.Shipment, Ct)).ShouldBe(2);
        var confirmation = await db.PendingShippingConfirmations.SingleAsync(Ct);
        (confirmation.ShipmentId, confirmation.CompletesOrder, confirmation.IntegrationId).ShouldBe((shipment.Id, true, kit.IntegrationId));
    }

    [Fact]
    public async Task Part_of_an_order_ships_with_the_chosen_carrier_and_leaves_it_partially_shipped()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(2, 10, ("MUG", 2));
        var other = await Database.InsertAsync(new ShippingMethod("DHL"));

        var result = await kit.Service.ShipAsync(ShippingTestKit.Operator(),
            new ShipOrderRequest(order.Id, [new ShipmentRequestLine(order.Lines[0].Id, 1)], other.Id, null), Ct);

        result.Shipped.ShouldBeTrue();
        result.OrderComplete.ShouldBeFalse();
        var saved = await Database.QueryAsync(db => db.Orders.Include(o => o.Shipments).Include(o => o.Lines).SingleAsync(Ct));
        saved.Status.ShouldBe(OrderStatus.PartiallyShipped);
        saved.Shipments.Single().ShippingMethodId.ShouldBe(other.Id);
        saved.Lines[0].QuantityReserved.ShouldBe(1);
        (await kit.ConfirmationsAsync()).Single().CompletesOrder.ShouldBeFalse();
    }

    [Fact]
    public async Task More_than_is_left_to_ship_is_refused_and_nothing_changes()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(2, 10, ("MUG", 2));

        var result = await kit.Service.ShipAsync(ShippingTestKit.Operator(),
            new ShipOrderRequest(order.Id, [new ShipmentRequestLine(order.Lines[0].Id, 3)], null, "6A1"), Ct);

        result.Shipped.ShouldBeFalse();
        result.Error!.ShouldContain("only 2 left to ship");
        await ShouldBeUntouchedAsync();
    }

    [Fact]
    public async Task More_than_is_reserved_is_refused_with_what_to_do()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(2, 1, ("MUG", 2)); // only one unit in stock: one reserved

        var result = await kit.Service.ShipAsync(ShippingTestKit.Operator(),
            new ShipOrderRequest(order.Id, [new ShipmentRequestLine(order.Lines[0].Id, 2)], null, "6A1"), Ct);

        result.Error!.ShouldContain("only 1 reserved. Receive stock");
        await ShouldBeUntouchedAsync();
    }

    [Theory]
    [InlineData("BAD<NUMBER>", "characters the shop refuses")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345", "at most 64")]
    public async Task A_tracking_number_the_shop_would_refuse_is_refused_up_front(string tracking, string message)
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(2, 10, ("MUG", 2));

        var result = await kit.Service.ShipAsync(ShippingTestKit.Operator(),
            new ShipOrderRequest(order.Id, [new ShipmentRequestLine(order.Lines[0].Id, 2)], null, tracking), Ct);

        result.Error!.ShouldContain(message);
        await ShouldBeUntouchedAsync();
    }

    [Fact]
    public async Task An_order_of_another_store_is_answered_like_a_missing_one()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(2, 10, ("MUG", 2));
        var otherStore = await Database.InsertAsync(new Store("Lyon", "LYON", new Warehouse("Lyon", "LYON")));

        var result = await kit.Service.ShipAsync(ShippingTestKit.Operator(otherStore.Id),
            new ShipOrderRequest(order.Id, [new ShipmentRequestLine(order.Lines[0].Id, 2)], null, null), Ct);

        result.Error!.ShouldContain("does not exist or is not in your stores");
        (await kit.Service.GetPlanAsync(ShippingTestKit.Operator(otherStore.Id), order.Id, Ct)).ShouldBeNull();
        (await kit.Service.GetPickListAsync(ShippingTestKit.Operator(otherStore.Id), [order.Id], Ct)).ShouldBeEmpty();
        await ShouldBeUntouchedAsync();
    }

    [Fact]
    public async Task A_viewer_cannot_ship()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(2, 10, ("MUG", 2));

        await Should.ThrowAsync<UnauthorizedAccessException>(() => kit.Service.ShipAsync(ShippingTestKit.Viewer(),
            new ShipOrderRequest(order.Id, [new ShipmentRequestLine(order.Lines[0].Id, 2)], null, null), Ct));
        await Should.ThrowAsync<UnauthorizedAccessException>(() => kit.Service.ShipBatchAsync(ShippingTestKit.Viewer(), [new BatchShipItem(order.Id, null)], Ct));
        await ShouldBeUntouchedAsync();
    }

    [Fact]
    public async Task A_batch_ships_each_order_on_its_own_and_reports_each_result()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var first = await kit.ImportedOrderAsync(2, 10, ("MUG", 2));
        var shortOfStock = await kit.ImportedOrderAsync(4, 1, ("CAP", 3));
        var third = await kit.ImportedOrderAsync(5, 10, ("MUG", 1));

        var results = await kit.Service.ShipBatchAsync(ShippingTestKit.Operator(),
            [new BatchShipItem(first.Id, "T-1"), new BatchShipItem(shortOfStock.Id, "T-2"), new BatchShipItem(third.Id, "T 3")], Ct);

        results.Select(r => r.Shipped).ShouldBe([true, false, true]);
        results[1].Error!.ShouldContain("not fully in stock");
        var statuses = await Database.QueryAsync(db => db.Orders.OrderBy(o => o.Id).Select(o => o.Status).ToListAsync(Ct));
        statuses.ShouldBe([OrderStatus.Shipped, OrderStatus.Valid, OrderStatus.Shipped]);
        (await kit.ConfirmationsAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_plan_and_the_pick_list_show_what_is_left_and_where_to_take_it()
    {
        await using var kit = await ShippingTestKit.StartAsync(Database);
        var order = await kit.ImportedOrderAsync(2, 1, ("MUG", 2), ("CAP", 1));

        var plan = (await kit.Service.GetPlanAsync(ShippingTestKit.Operator(), order.Id, Ct))!;
        var pick = await kit.Service.GetPickListAsync(ShippingTestKit.Operator(), [order.Id], Ct);

        plan.WarehouseName.ShouldBe("Main");
        plan.Lines.Select(l => (l.Sku, l.Remaining, l.Shippable)).ShouldBe([("MUG", 2, 1), ("CAP", 1, 1)]);
        plan.ShippingMethods.Single().Id.ShouldBe(plan.DefaultShippingMethodId!.Value);
        pick.Select(p => (p.Sku, p.Quantity, p.Warehouse)).ShouldBe([("CAP", 1, "Main"), ("MUG", 2, "Main")]);
    }

    private async Task ShouldBeUntouchedAsync()
    {
        await using var db = Database.CreateContext();
        (await db.Shipments.CountAsync(Ct)).ShouldBe(0);
        (await db.PendingShippingConfirmations.CountAsync(Ct)).ShouldBe(0);
        (await db.StockMovements.CountAsync(m => m.Reason == StockMovementReason.Shipment, Ct)).ShouldBe(0);
        (await db.Orders.AllAsync(o => o.Status == OrderStatus.Valid, Ct)).ShouldBeTrue();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteShippingServiceTests(SqliteDatabaseFixture database) : ShippingServiceTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerShippingServiceTests(SqlServerDatabaseFixture database) : ShippingServiceTests(database);
