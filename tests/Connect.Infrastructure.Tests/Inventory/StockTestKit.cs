using System.Globalization;
using System.Security.Claims;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Order = Connect.Domain.Orders.Order;
using Connect.Domain.Stores;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.Infrastructure.Inventory;
using Connect.Infrastructure.Tests.Catalog;
using Connect.PrestaShop.Simulator;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Inventory;

/// <summary>
/// The demo shop's catalog imported into a real database (47 SKUs, links "{product}-{combination}"), the integration
/// selling the store's warehouse, and the three stock feeds, called directly on the simulator.
/// </summary>
public sealed class StockTestKit : IAsyncDisposable
{
    private StockTestKit(CatalogTestKit catalog, int warehouseId, int storeId, PrestaShopClient client)
    {
        Catalog = catalog;
        WarehouseId = warehouseId;
        StoreId = storeId;
        Client = client;
        var contexts = catalog.Database.Contexts;
        Sellable = new SellableQuantity(contexts);
        Inventory = new InventoryService(contexts, TimeProvider.System);
        var clients = new CatalogTestKit.ShopClients(catalog.Shop);
        var options = new StockFeedOptions { RowPageSize = 20, IdSetSize = 7, ExportBatchSize = 10, ImportBatchSize = 9 };
        Export = new StockLevelExportFeed(clients, contexts, Sellable, options, TimeProvider.System);
        Import = new ImportStockLevelsFeed(clients, contexts, Sellable, options, TimeProvider.System);
        Check = new StockCheckFeed(clients, contexts, Sellable, options, TimeProvider.System);
    }

    public CatalogTestKit Catalog { get; }
    public DatabaseFixture Database => Catalog.Database;
    public SimulatedShop Shop => Catalog.Shop;
    public PrestaShopClient Client { get; }
    public int IntegrationId => Catalog.IntegrationId;
    public int WarehouseId { get; }
    public int StoreId { get; }
    public SellableQuantity Sellable { get; }
    public InventoryService Inventory { get; }
    public StockLevelExportFeed Export { get; }
    public ImportStockLevelsFeed Import { get; }
    public StockCheckFeed Check { get; }

    public static ClaimsPrincipal Operator { get; } = TestUsers.Operator("olga");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the shop, imports its catalog, sets the import warehouse and (by default) turns Live on.</summary>
    public static async Task<StockTestKit> StartAsync(DatabaseFixture database, SimulatorOptions? shop = null, bool live = true, int? shopId = null)
    {
        var catalog = await CatalogTestKit.StartAsync(database, shop);
        await catalog.ImportNew.RunAsync(catalog.Client, catalog.Run(), Ct);
        var (warehouseId, storeId) = await database.QueryAsync(async db =>
        {
            var integration = await db.Integrations.SingleAsync(i => i.Id == catalog.IntegrationId);
            var store = await db.Stores.SingleAsync(s => s.Id == integration.StoreId);
            integration.ChangeSettings(integration.Settings with { StockImportWarehouseId = store.DefaultWarehouseId, RequestConcurrency = 3 });
            integration.UseShop(shopId);
            if (live) integration.GoLive();
            await db.SaveChangesAsync();
            return (store.DefaultWarehouseId, store.Id);
        });
        var client = new PrestaShopClient(new PrestaShopClientOptions
        {
            BaseUrl = catalog.Shop.BaseUrl.ToString(), ApiKey = catalog.Shop.ApiKey, RetryCount = 0, Timeout = TimeSpan.FromSeconds(20),
            ShopId = shopId, MaxConcurrency = 3,
        });
        return new StockTestKit(catalog, warehouseId, storeId, client);
    }

    public RecordingFeedRun Run() => Catalog.Run();

    public Task<FeedCounts> ExportAsync(RecordingFeedRun? run = null) => Export.RunAsync(Client, run ?? Run(), Ct);
    public Task<FeedCounts> CheckAsync(RecordingFeedRun? run = null) => Check.RunAsync(Client, run ?? Run(), Ct);
    public Task<FeedCounts> ImportAsync(RecordingFeedRun? run = null) => Import.RunAsync(Client, run ?? Run(), Ct);

    /// <summary>The Connect product of a shop SKU key ("{product}-{combination}").</summary>
    public Task<int> ProductAsync(string key) => Database.QueryAsync(db => db.ExternalLinks
        .Where(l => l.IntegrationId == IntegrationId && l.Kind == ExternalLinkKind.Product && l.ExternalId == key).Select(l => l.LocalId).SingleAsync());

    public int ShopQuantity(int productId, int combinationId = 0) => Shop.State.StockQuantity(productId, combinationId);

    public async Task<int> SellableAsync(int productId) => (await Sellable.ForProductsAsync(IntegrationId, [productId], Ct))[productId].Sellable;

    public Task SetOnHandAsync(int productId, int quantity, int? warehouseId = null) =>
        Inventory.AdjustAsync(Operator, new StockAdjustment(productId, warehouseId ?? WarehouseId, AdjustmentMode.SetCounted, quantity, "test count"), Ct);

    /// <summary>An imported order of the store, allocated like the order feeds do.</summary>
    public async Task<Order> PlaceOrderAsync(string number, params (int ProductId, int Quantity)[] lines)
    {
        await using var db = Database.CreateContext();
        var order = new Order(new OrderDraft(StoreId, IntegrationId, number, null, new OrderCustomer("Customer " + number, null, null),
            new ShippingAddress("C", null, null, null, null, "Paris", null, "FR", null), null, null, null, "EUR",
            new OrderTotals(1, 0, 0, 1), DateTime.UtcNow.AddMinutes(-lines.Length),
            [.. lines.Select(l => new OrderLineDraft(l.ProductId, "SKU-" + l.ProductId, "Item", l.Quantity, 1m))]), DateTime.UtcNow);
        db.Orders.Add(order);
        await db.SaveChangesAsync(Ct);
        var levels = await db.StockLevels.Where(s => s.WarehouseId == WarehouseId).ToDictionaryAsync(s => s.ProductId, Ct);
        StockLevel StockOf(int id) => levels.TryGetValue(id, out var level) ? level : levels[id] = db.StockLevels.Add(new StockLevel(id, WarehouseId)).Entity;
        db.StockMovements.AddRange(order.Allocate(StockOf, new StockChange(StockMovementReason.Reservation, "order feed", DateTime.UtcNow)));
        await db.SaveChangesAsync(Ct);
        return order;
    }

    /// <summary>A shop order parked for Retry, promising its quantities.</summary>
    public Task<WaitingOrder> ParkOrderAsync(string number, params (int ProductId, int Quantity)[] lines) =>
        Database.InsertAsync(new WaitingOrder(IntegrationId, StoreId, number, null, DateTime.UtcNow,
            lines.Select(l => new WaitingOrderLine(l.ProductId, "x", "SKU-" + l.ProductId, l.Quantity)), DateTime.UtcNow));

    public Task<Warehouse> AddWarehouseAsync(string code) => Database.InsertAsync(new Warehouse("Warehouse " + code, code));

    public int StockWrites => Shop.Writes.For("PUT", "stock_availables").Count;

    public static string Key(int productId, int combinationId) => string.Create(CultureInfo.InvariantCulture, $"{productId}-{combinationId}");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Catalog.DisposeAsync();
    }
}
