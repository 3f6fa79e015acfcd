using Connect.Domain.Catalog;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Persistence;

/// <summary>The model stores and reads back every aggregate, with its rules, on a real database.</summary>
public abstract class DatabaseRoundTripTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static readonly DateTime Now = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Order_with_lines_shipment_and_stock_round_trips()
    {
        var (store, warehouse) = await StoreAsync();
        var product = await Database.InsertAsync(new Product(new ProductDetails("SKU-1", "Mug", "1234567890123", null, 0.3m, 9.99m, true), Now));
        var stock = new StockLevel(product.Id, warehouse.Id);
        var counted = stock.Count(10, new StockChange(StockMovementReason.Count, "tester", Now));
        await Database.InsertAsync(stock, counted);

        await using (var db = Database.CreateContext())
        {
            var order = new Order(new OrderDraft(store.Id, null, "42", "ABCDEF", new OrderCustomer("Ada Lovelace", "ada@example.com", null),
                new ShippingAddress("Ada Lovelace", null, "1 Main St", null, "75001", "Paris", null, "FR", null), null, null, "Bank wire", "eur",
                new OrderTotals(19.98m, 5m, 4.16m, 24.98m), Now, [new OrderLineDraft(product.Id, "SKU-1", "Mug", 2, 9.99m)]), Now);
            db.Orders.Add(order);
            await db.SaveChangesAsync();
            var level = await db.StockLevels.SingleAsync();
            db.StockMovements.AddRange(order.Allocate(_ => level, new StockChange(StockMovementReason.Reservation, "tester", Now)));
            await db.SaveChangesAsync();
            var (_, movements) = order.Ship([new ShipmentRequestLine(order.Lines[0].Id, 2)], "TRACK1", _ => level, new StockChange(StockMovementReason.Shipment, "tester", Now));
            db.StockMovements.AddRange(movements);
            await db.SaveChangesAsync();
        }

        await using var check = Database.CreateContext();
        var saved = await check.Orders.Include(o => o.Lines).Include(o => o.Shipments).ThenInclude(s => s.Lines).SingleAsync();
        saved.Status.ShouldBe(OrderStatus.Shipped);
        saved.Currency.ShouldBe("EUR");
        saved.ShippingAddress.City.ShouldBe("Paris");
        saved.Totals.Paid.ShouldBe(24.98m);
        saved.PlacedAt.Kind.ShouldBe(DateTimeKind.Utc);
        saved.Shipments.Single().TrackingNumber.ShouldBe("TRACK1");
        saved.Shipments.Single().Lines.Single().Quantity.ShouldBe(2);
        var savedStock = await check.StockLevels.SingleAsync();
        (savedStock.OnHand, savedStock.Reserved).ShouldBe((8, 0));
        (await check.StockMovements.CountAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task External_links_are_unique_both_ways()
    {
        var (store, _) = await StoreAsync();
        var integration = await Database.InsertAsync(new Integration("Shop", "PrestaShop", "https://shop.example", store.Id, Now));
        await Database.InsertAsync(new ExternalLink(integration.Id, ExternalLinkKind.Product, "1-0", 7, Now));

        await Should.ThrowAsync<DbUpdateException>(() => Database.InsertAsync(new ExternalLink(integration.Id, ExternalLinkKind.Product, "1-0", 8, Now)));
        await Should.ThrowAsync<DbUpdateException>(() => Database.InsertAsync(new ExternalLink(integration.Id, ExternalLinkKind.Product, "2-0", 7, Now)));
        await Database.InsertAsync(new ExternalLink(integration.Id, ExternalLinkKind.Order, "1-0", 7, Now));
    }

    [Fact]
    public async Task Integration_settings_and_schedules_round_trip()
    {
        var (store, warehouse) = await StoreAsync();
        var integration = new Integration("Shop", "PrestaShop", "https://shop.example/", store.Id, Now);
        integration.ReplaceApiKey("protected-form", "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456");
        integration.ChangeSettings(integration.Settings with { StockExportWarehouseIds = [warehouse.Id], FullShipmentStatusId = "4", RequestConcurrency = 2 });
        await Database.InsertAsync(integration);
        var schedule = new FeedSchedule(integration.Id, FeedKind.ImportNewOrders);
        schedule.Change(ScheduleMode.EveryMinutes, 5, null, null, Now.AddMinutes(5), Now);
        await Database.InsertAsync(schedule);

        var saved = await Database.QueryAsync(db => db.Integrations.SingleAsync());
        saved.Url.ShouldBe("https://shop.example");
        saved.ApiKeyHint.ShouldBe("…3456");
        saved.Settings.StockExportWarehouseIds.ShouldBe([warehouse.Id]);
        saved.Settings.FullShipmentStatusId.ShouldBe("4");
        saved.Settings.RequestConcurrency.ShouldBe(2);
        var savedSchedule = await Database.QueryAsync(db => db.FeedSchedules.SingleAsync());
        (savedSchedule.Mode, savedSchedule.Interval, savedSchedule.NextRunAt).ShouldBe((ScheduleMode.EveryMinutes, (int?)5, (DateTime?)Now.AddMinutes(5)));
    }

    private async Task<(Store, Warehouse)> StoreAsync()
    {
        var warehouse = new Warehouse("Main", "MAIN");
        var store = await Database.InsertAsync(new Store("Main store", "MAIN", warehouse));
        return (store, warehouse);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteDatabaseRoundTripTests(SqliteDatabaseFixture database) : DatabaseRoundTripTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerDatabaseRoundTripTests(SqlServerDatabaseFixture database) : DatabaseRoundTripTests(database);
