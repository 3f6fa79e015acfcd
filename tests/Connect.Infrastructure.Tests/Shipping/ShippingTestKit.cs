using System.Globalization;
using System.Security.Claims;
using Connect.Domain.Catalog;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Domain.Sync;
using Connect.Infrastructure.Identity;
using PrestaShopClient = Connect.Infrastructure.Integrations.PrestaShop.Api.PrestaShopClient;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.Infrastructure.Shipping;
using Connect.Infrastructure.Sync;
using Connect.Infrastructure.Tests.Catalog;
using Connect.Infrastructure.Tests.Feeds;
using Connect.Infrastructure.Tests.Simulator;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Shipping;

/// <summary>
/// A simulated shop and a Connect store holding imported copies of the shop's recorded orders: products linked to the shop's
/// combinations, stock in the default warehouse, orders allocated and linked to shop orders 1 to 5. Shipping goes through the
/// real service, confirmation through the real feed.
/// </summary>
public sealed class ShippingTestKit : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    public const int ShippedState = 4, DeliveredState = 5, ProcessingState = 3;

    private ShippingTestKit(SimulatedShop shop, DatabaseFixture database, int integrationId, int storeId, int warehouseId)
    {
        (Shop, Database, IntegrationId, StoreId, WarehouseId) = (shop, database, integrationId, storeId, warehouseId);
        Service = new ShippingService(database.Contexts, Clock);
        Queue = new ShippingConfirmationQueue(database.Contexts, Clock);
    }

    public SimulatedShop Shop { get; }
    public DatabaseFixture Database { get; }
    public ManualTimeProvider Clock { get; } = new(Start);
    public int IntegrationId { get; }
    public int StoreId { get; }
    public int WarehouseId { get; }
    public ShippingService Service { get; }
    public ShippingConfirmationQueue Queue { get; }

    /// <summary>An operator of the given stores, or of every store (an explicit choice) when none is given.</summary>
    public static ClaimsPrincipal Operator(params int[] stores) => stores.Length == 0 ? TestUsers.Operator("op") : TestUsers.OperatorOf("op", stores);
    public static ClaimsPrincipal Viewer() => TestUsers.Viewer("viewer");

    public static async Task<ShippingTestKit> StartAsync(DatabaseFixture database, string version = "8",
        string? fullStatus = "4", string? partialStatus = null, bool sendEmail = false)
    {
        var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = version }, TestContext.Current.CancellationToken);
        var store = await database.InsertAsync(new Store("Main store", "MAIN", new Warehouse("Main", "MAIN")));
        var integration = new Integration("Demo shop", "PrestaShop", shop.BaseUrl.ToString(), store.Id, Start.UtcDateTime);
        integration.ChangeSettings(integration.Settings with { FullShipmentStatusId = fullStatus, PartialShipmentStatusId = partialStatus, SendShippingEmail = sendEmail });
        integration.GoLive();
        await database.InsertAsync(integration);
        return new ShippingTestKit(shop, database, integration.Id, store.Id, store.DefaultWarehouseId);
    }

    public PrestaShopClient NewClient() => CatalogTestKit.NewClient(Shop);

    public ShippingConfirmationFeed Feed(int batchSize = 100) =>
        new(Queue, Database.Contexts, new ShippingConfirmationOptions { BatchSize = batchSize }, new CatalogTestKit.ShopClients(Shop));

    /// <summary>Runs the feed once, on its own client, with a recording run.</summary>
    public async Task<RecordingFeedRun> ConfirmAsync(CancellationToken ct = default)
    {
        using var client = NewClient();
        var run = new RecordingFeedRun(IntegrationId);
        await Feed().RunAsync(client, run, ct == default ? TestContext.Current.CancellationToken : ct);
        return run;
    }

    /// <summary>
    /// An imported copy of shop order <paramref name="shopOrderId"/>: one line per (sku, quantity), each product stocked with
    /// <paramref name="onHand"/> units in the default warehouse, then allocated.
    /// </summary>
    public async Task<Order> ImportedOrderAsync(int shopOrderId, int onHand, params (string Sku, int Quantity)[] lines)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        await using var db = Database.CreateContext();
        var method = await db.ShippingMethods.FirstOrDefaultAsync() ?? db.ShippingMethods.Add(new ShippingMethod("Colissimo")).Entity;
        var drafts = new List<OrderLineDraft>();
        var levels = new Dictionary<int, StockLevel>();
        foreach (var (sku, quantity) in lines)
        {
            var product = await db.Products.SingleOrDefaultAsync(p => p.Sku == sku);
            if (product is null)
            {
                product = db.Products.Add(new Product(new ProductDetails(sku, $"Product {sku}", null, null, 0.5m, 10m, true), now)).Entity;
                await db.SaveChangesAsync();
                db.ExternalLinks.Add(new ExternalLink(IntegrationId, ExternalLinkKind.Product, $"{product.Id + 100}-0", product.Id, now));
                var level = db.StockLevels.Add(new StockLevel(product.Id, WarehouseId)).Entity;
                db.StockMovements.Add(level.Count(onHand, new StockChange(StockMovementReason.Count, "tester", now)));
            }
            drafts.Add(new OrderLineDraft(product.Id, sku, product.Name, quantity, 10m));
        }
        await db.SaveChangesAsync();
        var order = new Order(new OrderDraft(StoreId, IntegrationId, shopOrderId.ToString(CultureInfo.InvariantCulture), $"REF{shopOrderId}",
            new OrderCustomer("Ada Lovelace", "ada@example.com", null),
            new ShippingAddress("Ada Lovelace", null, "1 Main St", null, "75001", "Paris", null, "FR", null), method.Id, null, "Bank wire", "EUR",
            new OrderTotals(10m, 5m, 2m, 17m), now, drafts), now);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        var productIds = drafts.Select(d => d.ProductId!.Value).ToList();
        foreach (var level in await db.StockLevels.Where(s => s.WarehouseId == WarehouseId && productIds.Contains(s.ProductId)).ToListAsync())
            levels[level.ProductId] = level;
        db.StockMovements.AddRange(order.Allocate(id => levels[id], new StockChange(StockMovementReason.Reservation, "tester", now)));
        db.ExternalLinks.Add(new ExternalLink(IntegrationId, ExternalLinkKind.Order, shopOrderId.ToString(CultureInfo.InvariantCulture), order.Id, now));
        await db.SaveChangesAsync();
        return order;
    }

    public async Task<ShipResult> ShipAsync(Order order, string? tracking, params int[] quantities)
    {
        var lines = order.Lines.OrderBy(l => l.Id).Select((l, i) => new ShipmentRequestLine(l.Id, quantities.Length == 0 ? l.Quantity : quantities[i])).ToList();
        var result = await Service.ShipAsync(Operator(), new ShipOrderRequest(order.Id, lines, null, tracking), TestContext.Current.CancellationToken);
        result.Error.ShouldBeNull();
        return result;
    }

    public Task<List<PendingShippingConfirmation>> ConfirmationsAsync() =>
        Database.QueryAsync(db => db.PendingShippingConfirmations.AsNoTracking().OrderBy(c => c.Id).ToListAsync());

    /// <summary>History rows the shop holds for an order (state ids, oldest first).</summary>
    public IReadOnlyList<int> History(int shopOrderId)
    {
        lock (Shop.State.Sync)
            return Shop.State.Table("order_histories").Rows.Where(r => r.Int("id_order") == shopOrderId).OrderBy(r => r.Id).Select(r => r.Int("id_order_state")).ToList();
    }

    public int CurrentState(int shopOrderId)
    {
        lock (Shop.State.Sync) return Shop.State.Table("orders").Find(shopOrderId)!.Int("current_state");
    }

    public string Tracking(int shopOrderId)
    {
        lock (Shop.State.Sync) return Shop.State.Table("order_carriers").Rows.Single(r => r.Int("id_order") == shopOrderId)["tracking_number"];
    }

    public IReadOnlyList<string> Mails(int shopOrderId)
    {
        lock (Shop.State.Sync) return Shop.State.Mails.Where(m => m.OrderId == shopOrderId).Select(m => m.Kind).ToList();
    }

    /// <summary>A status change made in the shop's back office (a history row and the order's current state).</summary>
    public async Task SetStateInBackOfficeAsync(int shopOrderId, int stateId)
    {
        var body = $"<prestashop><order_history><id_order>{shopOrderId}</id_order><id_order_state>{stateId}</id_order_state></order_history></prestashop>";
        var (status, _, _) = await Shop.SendAsync(HttpMethod.Post, "/api/order_histories", body);
        status.ShouldBe(201);
    }

    public async ValueTask DisposeAsync() => await Shop.DisposeAsync();
}
