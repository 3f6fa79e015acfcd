using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Infrastructure.Feeds;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.Infrastructure.Inventory;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Connect.Infrastructure.Sync;
using Connect.Infrastructure.Tests.Catalog;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Infrastructure.Tests.Inventory;

/// <summary>
/// Two simulated shops selling the same demo catalog from one warehouse, both Live with their stock export enabled, and
/// Connect's own services (feed engine, PrestaShop feeds, stock export waker) running as the portal runs them. A sale
/// imported from shop A reaches the quantity shop B shows without anyone starting an export.
/// </summary>
public abstract class CrossShopStockTests(DatabaseFixture database) : DatabaseTest(database)
{
    private const string Shirt = "4-18"; // demo order 2: 2 x this shirt, 1 x mug 8-0
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_imported_from_shop_A_lowers_the_quantity_shop_B_holds_for_the_same_SKU()
    {
        await using var a = await CatalogTestKit.StartAsync(Database, code: "A");
        await using var b = await CatalogTestKit.StartAsync(Database, code: "B");
        await a.ImportNew.RunAsync(a.Client, a.Run(), Ct);
        await b.ImportNew.RunAsync(b.Client, b.Run(), Ct);
        var signal = new StockExportSignal();
        var contexts = Database.ContextsWith(new StockExportSignalInterceptor(signal));
        await using var connect = Services(contexts, signal);
        var warehouseId = await SellFromOneWarehouseAsync(connect, a, b);
        var productId = await Database.QueryAsync(db => db.ExternalLinks
            .Where(l => l.IntegrationId == b.IntegrationId && l.Kind == ExternalLinkKind.Product && l.ExternalId == Shirt).Select(l => l.LocalId).SingleAsync(Ct));
        // The waker is the hosted service that matters here; the feed runner needs no start, the schedule tick is not wanted.
        var waker = connect.GetRequiredService<StockExportWaker>();
        await waker.StartAsync(Ct);
        await connect.GetRequiredService<InventoryService>().AdjustAsync(TestUsers.Operator("olga"),
            new StockAdjustment(productId, warehouseId, AdjustmentMode.SetCounted, 10, "count"), Ct);
        await EventuallyAsync(() => b.Shop.State.StockQuantity(4, 18) == 10 && a.Shop.State.StockQuantity(4, 18) == 10);

        var import = new ImportNewOrdersFeed(new OrderIntake(contexts, TimeProvider.System), new ProductIntake(contexts, TimeProvider.System),
            new OrderFeedOptions(), new CatalogFeedOptions(), new CatalogTestKit.ShopClients(a.Shop));
        var run = a.Run();
        await import.RunAsync(a.Client, run, Ct);

        var order = await Database.QueryAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines)
            .SingleAsync(o => o.IntegrationId == a.IntegrationId && o.ExternalNumber == "2", Ct));
        order.Lines.Single(l => l.ProductId == productId).QuantityReserved.ShouldBe(2);
        // Each shop's export is its own run: B (the point of the test) and A may follow in either order.
        await EventuallyAsync(() => b.Shop.State.StockQuantity(4, 18) == 8 && a.Shop.State.StockQuantity(4, 18) == 8);
        b.Shop.Writes.For("PUT", "stock_availables").Count.ShouldBeGreaterThan(0);
        (await Database.QueryAsync(db => db.FeedRuns.CountAsync(r => r.IntegrationId == b.IntegrationId && r.Feed == FeedKind.StockLevelExport
            && r.Trigger == FeedTrigger.Schedule, Ct))).ShouldBeGreaterThan(0);
        await waker.StopAsync(CancellationToken.None);
    }

    /// <summary>Both integrations sell store A's warehouse, are Live with a stock export schedule, and A imports state 1 as valid.</summary>
    private async Task<int> SellFromOneWarehouseAsync(IServiceProvider connect, CatalogTestKit a, CatalogTestKit b)
    {
        var protector = connect.GetRequiredService<ApiKeyProtector>();
        return await Database.QueryAsync(async db =>
        {
            var shopA = await db.Integrations.SingleAsync(i => i.Id == a.IntegrationId, Ct);
            var shopB = await db.Integrations.SingleAsync(i => i.Id == b.IntegrationId, Ct);
            var warehouseId = await db.Stores.Where(s => s.Id == shopA.StoreId).Select(s => s.DefaultWarehouseId).SingleAsync(Ct);
            foreach (var (integration, shop) in new[] { (shopA, a.Shop), (shopB, b.Shop) })
            {
                integration.ReplaceApiKey(protector.Protect(shop.ApiKey), shop.ApiKey);
                integration.AssignStore(shopA.StoreId);
                integration.ChangeSettings(integration.Settings with { ImportOrdersToStoreId = shopA.StoreId, StockExportWarehouseIds = [warehouseId] });
                integration.GoLive();
                var schedule = new FeedSchedule(integration.Id, FeedKind.StockLevelExport);
                schedule.Change(ScheduleMode.EveryHours, 1, null, null, DateTime.UtcNow.AddHours(1), DateTime.UtcNow);
                db.FeedSchedules.Add(schedule);
            }
            db.OrderStatusRules.Add(new OrderStatusRule(shopA.Id, "1", "Awaiting check payment", OrderImportAction.ImportAsValid, false));
            foreach (var state in new[] { "6", "8", "10" })
                db.OrderStatusRules.Add(new OrderStatusRule(shopA.Id, state, $"State {state}", OrderImportAction.DoNotImport, false));
            var carrier = db.ShippingMethods.Add(new ShippingMethod("Standard")).Entity;
            var check = db.PaymentMethods.Add(new PaymentMethod("Cheque")).Entity;
            var wire = db.PaymentMethods.Add(new PaymentMethod("Wire")).Entity;
            await db.SaveChangesAsync(Ct);
            db.CarrierMappings.Add(new CarrierMapping(shopA.Id, "2", "My carrier", carrier.Id));
            db.PaymentMappings.Add(new PaymentMapping(shopA.Id, "Payment by check", check.Id));
            db.PaymentMappings.Add(new PaymentMapping(shopA.Id, "Bank wire", wire.Id));
            await db.SaveChangesAsync(Ct);
            return warehouseId;
        });
    }

    /// <summary>Connect's infrastructure and feed engine as the portal registers them, on the test database.</summary>
    private static ServiceProvider Services(IDbContextFactory<ConnectDbContext> contexts, StockExportSignal signal)
    {
        var root = Path.Combine(Path.GetTempPath(), $"connect-cross-shop-{Guid.NewGuid():N}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FeedEngineModule.InstanceIdKey] = "cross-shop",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddConnectInfrastructure(configuration, root);
        services.AddFeedEngine(configuration);
        // The test database instead of the data folder's, with the interceptor that wakes the export after each commit.
        services.AddSingleton(contexts);
        services.AddSingleton(signal);
        services.AddSingleton(new StockExportWakerOptions { PollInterval = TimeSpan.FromMilliseconds(500), FailurePause = TimeSpan.FromSeconds(1) });
        return services.BuildServiceProvider();
    }

    /// <summary>Waits for a condition the background export brings about; a generous limit, no timing asserted.</summary>
    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        while (!condition())
        {
            limit.Token.ThrowIfCancellationRequested();
            await Task.Delay(100, limit.Token);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCrossShopStockTests(SqliteDatabaseFixture database) : CrossShopStockTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerCrossShopStockTests(SqlServerDatabaseFixture database) : CrossShopStockTests(database);
