using System.Globalization;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Order = Connect.Domain.Orders.Order;
using Connect.Domain.Stores;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.Infrastructure.Sync;
using Connect.Infrastructure.Tests.Catalog;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Orders;

/// <summary>
/// A started simulated shop (the recorded demo shop: 5 orders in states 6, 1, 8, 1, 10, all with carrier reference 2), a store
/// with its warehouse, an integration, its order status rules, mappings, and the three order feeds on the real intake.
/// </summary>
public sealed class OrderTestKit : IAsyncDisposable
{
    public const string Check = "Payment by check";
    public const string Wire = "Bank wire";

    private OrderTestKit(SimulatedShop shop, DatabaseFixture database, int integrationId, int storeId, int warehouseId, OrderFeedOptions options)
    {
        (Shop, Database, IntegrationId, StoreId, WarehouseId) = (shop, database, integrationId, storeId, warehouseId);
        Client = CatalogTestKit.NewClient(shop);
        Orders = NewIntake();
        Products = new ProductIntake(database.Contexts, TimeProvider.System);
        var clients = new CatalogTestKit.ShopClients(shop);
        var catalog = new CatalogFeedOptions();
        ImportNew = new ImportNewOrdersFeed(Orders, Products, options, catalog, clients);
        Retry = new RetryOrdersFeed(Orders, Products, options, catalog, clients);
        Update = new UpdateOrdersFeed(Orders, Products, options, catalog, clients);
        Catalog = new ImportNewProductsFeed(Products, catalog, clients);
    }

    public SimulatedShop Shop { get; }
    public DatabaseFixture Database { get; }
    public int IntegrationId { get; }
    public int StoreId { get; }
    public int WarehouseId { get; }
    public PrestaShopClient Client { get; }
    public OrderIntake Orders { get; }
    public ProductIntake Products { get; }
    public ImportNewOrdersFeed ImportNew { get; }
    public RetryOrdersFeed Retry { get; }
    public UpdateOrdersFeed Update { get; }
    public ImportNewProductsFeed Catalog { get; }
    public int ShippingMethodId { get; private set; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The kit with every carrier and both payment strings mapped, and the given rules (state id → action, retry).</summary>
    public static async Task<OrderTestKit> StartAsync(DatabaseFixture database, IReadOnlyDictionary<string, (OrderImportAction Action, bool Retry)> rules,
        SimulatorOptions? shopOptions = null, OrderFeedOptions? options = null, bool mapCarriers = true, int? shopId = null)
    {
        var shop = await SimulatedShop.StartAsync(shopOptions ?? new SimulatorOptions(), Ct);
        var warehouse = new Warehouse("Main", "MAIN");
        var store = await database.InsertAsync(new Store("Main store", "MAIN", warehouse));
        var integration = new Integration("Demo shop", "PrestaShop", shop.BaseUrl.ToString(), store.Id, DateTime.UtcNow);
        integration.UseShop(shopId);
        await database.InsertAsync(integration);
        var kit = new OrderTestKit(shop, database, integration.Id, store.Id, store.DefaultWarehouseId, options ?? new OrderFeedOptions { OrderPageSize = 2, IdSetSize = 3 });
        var shipping = await database.InsertAsync(new ShippingMethod("Standard"));
        var check = await database.InsertAsync(new PaymentMethod("Cheque"));
        var wire = await database.InsertAsync(new PaymentMethod("Wire transfer"));
        kit.ShippingMethodId = shipping.Id;
        await database.InsertAsync(new PaymentMapping(integration.Id, Check, check.Id), new PaymentMapping(integration.Id, Wire, wire.Id));
        if (mapCarriers)
            foreach (var (reference, name) in new[] { ("1", "Click and collect"), ("2", "My carrier"), ("3", "My cheap carrier"), ("4", "My light carrier") })
                await kit.MapCarrierAsync(reference, name);
        foreach (var (state, rule) in rules)
            await database.InsertAsync(new OrderStatusRule(integration.Id, state, $"State {state}", rule.Action, rule.Retry));
        return kit;
    }

    /// <summary>Every demo state imported as valid.</summary>
    public static Dictionary<string, (OrderImportAction, bool)> AllValid() =>
        new[] { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13" }.ToDictionary(s => s, _ => (OrderImportAction.ImportAsValid, false));

    /// <summary>A second intake on its own context factory use: a second engine instance.</summary>
    public OrderIntake NewIntake() => new(Database.Contexts, TimeProvider.System);

    public RecordingFeedRun Run(string? resumeFrom = null) => new(IntegrationId, resumeFrom);

    public Task MapCarrierAsync(string reference, string name) =>
        Database.InsertAsync(new CarrierMapping(IntegrationId, reference, name, ShippingMethodId));

    public Task ChangeRuleAsync(string state, OrderImportAction action, bool retry) =>
        Database.QueryAsync(async db =>
        {
            var rule = await db.OrderStatusRules.SingleOrDefaultAsync(r => r.IntegrationId == IntegrationId && r.ExternalStatusId == state, Ct);
            if (rule is null) db.OrderStatusRules.Add(new OrderStatusRule(IntegrationId, state, $"State {state}", action, retry));
            else rule.Change(rule.StatusName, action, retry);
            return await db.SaveChangesAsync(Ct);
        });

    /// <summary>Counts stock on hand of a shop SKU ("{product}-{combination}") in the store's warehouse (the catalog must be imported).</summary>
    public Task SetOnHandAsync(string productKey, int onHand) =>
        Database.QueryAsync(async db =>
        {
            var productId = await ProductIdAsync(db, productKey);
            var level = await db.StockLevels.SingleOrDefaultAsync(s => s.ProductId == productId && s.WarehouseId == WarehouseId, Ct);
            if (level is null) db.StockLevels.Add(level = new StockLevel(productId, WarehouseId));
            db.StockMovements.Add(level.Count(onHand, new StockChange(StockMovementReason.Count, "test", DateTime.UtcNow)));
            return await db.SaveChangesAsync(Ct);
        });

    public Task<StockLevel?> StockAsync(string productKey) =>
        Database.QueryAsync(async db =>
        {
            var productId = await ProductIdAsync(db, productKey);
            return await db.StockLevels.AsNoTracking().SingleOrDefaultAsync(s => s.ProductId == productId && s.WarehouseId == WarehouseId, Ct);
        });

    /// <summary>The Connect order of a shop order id, with its lines; null when not imported.</summary>
    public Task<Order?> OrderAsync(int shopOrderId) =>
        Database.QueryAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Shipments)
            .SingleOrDefaultAsync(o => o.IntegrationId == IntegrationId && o.ExternalNumber == shopOrderId.ToString(CultureInfo.InvariantCulture), Ct));

    public Task<List<WaitingOrder>> WaitingAsync() =>
        Database.QueryAsync(db => db.WaitingOrders.AsNoTracking().Include(w => w.Lines).Where(w => w.IntegrationId == IntegrationId).OrderBy(w => w.ExternalNumber).ToListAsync(Ct));

    public Task<int> OrderCountAsync() => Database.QueryAsync(db => db.Orders.CountAsync(Ct));

    /// <summary>The shop changes an order's state (as a payment or a cancellation does): current_state and date_upd move.</summary>
    public void SetShopState(int orderId, int state, DateTime? at = null)
    {
        lock (Shop.State.Sync)
        {
            var row = Shop.State.Table("orders").Find(orderId)!;
            row["current_state"] = state.ToString(CultureInfo.InvariantCulture);
            row["date_upd"] = (at ?? Shop.State.Clock()).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }
    }

    public void SetShop(string resource, int id, string field, string value)
    {
        lock (Shop.State.Sync) Shop.State.Table(resource).Find(id)![field] = value;
    }

    /// <summary>A new shop order copied from an existing one (same customer, lines, carrier), as the checkout creates it.</summary>
    public int AddShopOrder(int copyOf, string? reference = null, int? state = null)
    {
        lock (Shop.State.Sync)
        {
            var orders = Shop.State.Table("orders");
            var copy = orders.Find(copyOf)!.Clone(orders.NextId);
            if (reference is not null) copy["reference"] = reference;
            if (state is { } s) copy["current_state"] = s.ToString(CultureInfo.InvariantCulture);
            copy["date_add"] = copy["date_upd"] = Shop.State.NowText();
            orders.Add(copy);
            return copy.Id;
        }
    }

    private async Task<int> ProductIdAsync(Connect.Infrastructure.Persistence.ConnectDbContext db, string productKey) =>
        await db.ExternalLinks.Where(l => l.IntegrationId == IntegrationId && l.Kind == ExternalLinkKind.Product && l.ExternalId == productKey)
            .Select(l => l.LocalId).SingleAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Shop.DisposeAsync();
    }
}
