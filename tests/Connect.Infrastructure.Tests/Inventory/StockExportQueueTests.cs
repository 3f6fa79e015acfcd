using Connect.Domain.Catalog;
using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;
using Connect.Domain.Stores;
using Connect.Domain.Sync;
using Connect.Infrastructure.Inventory;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Tests.Feeds;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;

namespace Connect.Infrastructure.Tests.Inventory;

/// <summary>
/// The enqueue hook of <see cref="ConnectDbContext"/>: every save that changes a sellable quantity asks for a stock
/// export of each integration linking the product, in the same transaction, and wakes the export once committed.
/// </summary>
public abstract class StockExportQueueTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stock_change_asks_for_an_export_for_every_integration_that_links_the_product()
    {
        var (product, warehouse, first, second, _) = await ArrangeAsync();

        await using (var db = Database.CreateContext())
        {
            var level = db.StockLevels.Add(new StockLevel(product.Id, warehouse.Id)).Entity;
            db.StockMovements.Add(level.Adjust(3, Change()));
            await db.SaveChangesAsync(Ct);
        }

        var requests = await Database.QueryAsync(db => db.StockExportRequests.AsNoTracking().ToListAsync());
        requests.Select(r => r.IntegrationId).Order().ShouldBe([first.Id, second.Id]);
        requests.ShouldAllBe(r => r.ProductId == product.Id && r.IsPending);
    }

    [Fact]
    public async Task A_change_rolled_back_leaves_no_request_and_a_burst_keeps_one_row_per_product()
    {
        var (product, warehouse, first, _, unlinked) = await ArrangeAsync();
        await using (var db = Database.CreateContext())
        {
            // As production code must: a transaction of one's own runs inside the execution strategy.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(Ct);
                var level = db.StockLevels.Add(new StockLevel(product.Id, warehouse.Id)).Entity;
                db.StockMovements.Add(level.Adjust(3, Change()));
                await db.SaveChangesAsync(Ct);
                await transaction.RollbackAsync(Ct);
            });
        }
        (await Database.QueryAsync(db => db.StockExportRequests.CountAsync())).ShouldBe(0);

        await using (var db = Database.CreateContext())
        {
            var level = db.StockLevels.Add(new StockLevel(product.Id, warehouse.Id)).Entity;
            var other = db.StockLevels.Add(new StockLevel(unlinked.Id, warehouse.Id)).Entity;
            for (var i = 0; i < 5; i++)
            {
                db.StockMovements.Add(level.Adjust(1, Change()));
                db.StockMovements.Add(other.Adjust(1, Change()));
                await db.SaveChangesAsync(Ct);
            }
        }

        var requests = await Database.QueryAsync(db => db.StockExportRequests.AsNoTracking().Where(r => r.IntegrationId == first.Id).ToListAsync());
        requests.ShouldHaveSingleItem().Version.ShouldBe(5);
    }

    [Fact]
    public async Task Order_status_changes_and_parked_orders_ask_for_an_export_and_unrelated_saves_do_not()
    {
        var (product, _, first, _, _) = await ArrangeAsync();
        var order = await Database.InsertAsync(NewOrder(first.StoreId, product.Id));
        await MarkHandledAsync();

        await using (var db = Database.CreateContext())
        {
            // The order is loaded without its lines: the hook reads them to find the product.
            var loaded = await db.Orders.SingleAsync(o => o.Id == order.Id, Ct);
            loaded.Hold(new Connect.Domain.Orders.OrderActor("tester", DateTime.UtcNow));
            await db.SaveChangesAsync(Ct);
        }
        (await PendingAsync()).ShouldBe(2);
        await MarkHandledAsync();

        await using (var db = Database.CreateContext())
        {
            db.Stores.Single().Rename("Renamed", "REN");
            await db.SaveChangesAsync(Ct);
        }
        (await PendingAsync()).ShouldBe(0);

        var parked = await Database.InsertAsync(new WaitingOrder(first.Id, first.StoreId, "77", null, DateTime.UtcNow,
            [new WaitingOrderLine(product.Id, "1-0", "SKU", 2)], DateTime.UtcNow));
        (await PendingAsync()).ShouldBe(2);
        await MarkHandledAsync();

        await using (var db = Database.CreateContext())
        {
            db.WaitingOrders.Remove(await db.WaitingOrders.SingleAsync(w => w.Id == parked.Id, Ct));
            await db.SaveChangesAsync(Ct);
        }
        (await PendingAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task The_export_is_woken_when_the_transaction_commits_not_before()
    {
        var (product, warehouse, _, _, _) = await ArrangeAsync();
        var signal = new StockExportSignal();
        await using var db = WithSignal(signal);

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            var level = db.StockLevels.Add(new StockLevel(product.Id, warehouse.Id)).Entity;
            db.StockMovements.Add(level.Adjust(3, Change()));
            await db.SaveChangesAsync(Ct);
            (await signal.WaitAsync(TimeSpan.Zero, Ct)).ShouldBeFalse();
            await transaction.CommitAsync(Ct);
        }

        (await signal.WaitAsync(TimeSpan.Zero, Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task The_waker_starts_the_export_of_live_integrations_whose_export_is_scheduled_and_has_due_requests_and_no_fresh_failure()
    {
        var script = new FeedScript();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var engine = new EngineInstance(Database, script, "waker", clock);
        var on = await FeedTestData.IntegrationAsync(Database, live: true, name: "On");
        var off = await FeedTestData.IntegrationAsync(Database, live: true, name: "Off");
        var notLive = await FeedTestData.IntegrationAsync(Database, live: false, name: "NotLive");
        var failed = await FeedTestData.IntegrationAsync(Database, live: true, name: "Failed");
        var product = await Database.InsertAsync(new Product(new ProductDetails("SKU-W", "Widget", null, null, 1, 1, true), DateTime.UtcNow));
        foreach (var integration in new[] { on, off, notLive, failed })
            await Database.InsertAsync(new ExternalLink(integration.Id, ExternalLinkKind.Product, "1-0", product.Id, DateTime.UtcNow));
        await Database.QueryAsync(async db =>
        {
            foreach (var integration in new[] { on, notLive, failed })
            {
                var schedule = new FeedSchedule(integration.Id, FeedKind.StockLevelExport);
                schedule.Change(ScheduleMode.EveryHours, 1, null, null, DateTime.UtcNow.AddHours(1), DateTime.UtcNow);
                db.FeedSchedules.Add(schedule);
            }
            foreach (var integration in new[] { on, off, notLive, failed }) db.StockExportRequests.Add(new StockExportRequest(integration.Id, product.Id, DateTime.UtcNow));
            var run = new FeedRun(failed.Id, FeedKind.StockLevelExport, FeedTrigger.Schedule, null, "waker", null, clock.GetUtcNow().UtcDateTime.AddSeconds(-20));
            run.Fail(new FeedCounts(0, 0, 0, 0, 0), "The API key was refused.", clock.GetUtcNow().UtcDateTime.AddSeconds(-10));
            db.FeedRuns.Add(run);
            return await db.SaveChangesAsync();
        });
        var waker = new StockExportWaker(new StockExportSignal(), Database.Contexts, engine.Runner, clock, new StockExportWakerOptions(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<StockExportWaker>.Instance);

        await waker.StartDueExportsAsync(Ct);
        await script.Entered.WaitAsync(FeedTestData.Patience);

        script.Starts.ShouldHaveSingleItem().Feed.ShouldBe(FeedKind.StockLevelExport);
        var runs = await Database.QueryAsync(db => db.FeedRuns.Where(r => r.Status == FeedRunStatus.Running || r.Status == FeedRunStatus.Succeeded).Select(r => r.IntegrationId).ToListAsync());
        runs.ShouldBe([on.Id]);
    }

    [Fact]
    public async Task Orders_inserted_in_bulk_ask_for_their_products_export_by_re_arming_existing_requests_and_adding_missing_ones()
    {
        var (product, _, first, second, _) = await ArrangeAsync();
        // The first integration already has a handled request; the second has none yet.
        await Database.InsertAsync(new StockExportRequest(first.Id, product.Id, DateTime.UtcNow.AddHours(-1)));
        await MarkHandledAsync();
        var order = NewOrder((await Database.QueryAsync(db => db.Stores.FirstAsync())).Id, product.Id);

        await using (var db = Database.CreateContext())
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(Ct);
                await BulkInsert.InsertWithKeysAsync(db, [order], nameof(Order.ExternalNumber), Ct);
                foreach (var line in order.Lines) BulkInsert.FixUp(db, line, nameof(OrderLine.OrderId), order.Id);
                await BulkInsert.InsertAsync(db, order.Lines.ToList(), Ct);
                (await StockExportQueue.EnqueueForProductsAsync(db, [product.Id], Ct)).ShouldBeTrue();
                await db.SaveChangesAsync(Ct);
                await transaction.CommitAsync(Ct);
            });
        }

        var requests = await Database.QueryAsync(db => db.StockExportRequests.AsNoTracking().OrderBy(r => r.IntegrationId).ToListAsync());
        requests.Select(r => r.IntegrationId).ShouldBe([first.Id, second.Id]);
        requests.ShouldAllBe(r => r.ProductId == product.Id && r.IsPending);
        requests[0].Version.ShouldBe(2);
        // The order went in with its owned values (customer, address, totals) in its own columns, and its line with its key.
        var saved = await Database.QueryAsync(db => db.Orders.Include(o => o.Lines).AsNoTracking().SingleAsync(o => o.Id == order.Id));
        saved.Customer.ShouldBe(order.Customer);
        saved.ShippingAddress.ShouldBe(order.ShippingAddress);
        saved.Totals.ShouldBe(order.Totals);
        saved.Lines.ShouldHaveSingleItem().ProductId.ShouldBe(product.Id);
    }

    [Fact]
    public async Task A_save_in_the_transaction_of_a_bulk_ask_does_not_re_arm_its_products_again_but_a_later_transaction_does()
    {
        var (product, warehouse, first, _, _) = await ArrangeAsync();
        await Database.InsertAsync(new StockExportRequest(first.Id, product.Id, DateTime.UtcNow.AddHours(-1)));
        await MarkHandledAsync();

        await using (var db = Database.CreateContext())
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(Ct);
                (await StockExportQueue.EnqueueForProductsAsync(db, [product.Id], Ct)).ShouldBeTrue();
                // The same transaction then moves the product's stock (an order page's reservations are tracked).
                var level = db.StockLevels.Add(new StockLevel(product.Id, warehouse.Id)).Entity;
                db.StockMovements.Add(level.Adjust(3, Change()));
                await db.SaveChangesAsync(Ct);
                await transaction.CommitAsync(Ct);
            });
            (await Database.QueryAsync(q => q.StockExportRequests.AsNoTracking().SingleAsync(r => r.IntegrationId == first.Id))).Version.ShouldBe(2);

            // The same context, another transaction: asked for again.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(Ct);
                db.StockMovements.Add((await db.StockLevels.SingleAsync(l => l.ProductId == product.Id, Ct)).Adjust(4, Change()));
                await db.SaveChangesAsync(Ct);
                await transaction.CommitAsync(Ct);
            });
        }

        (await Database.QueryAsync(q => q.StockExportRequests.AsNoTracking().SingleAsync(r => r.IntegrationId == first.Id))).Version.ShouldBe(3);
    }

    private async Task<(Product Product, Warehouse Warehouse, Integration First, Integration Second, Product Unlinked)> ArrangeAsync()
    {
        var warehouse = new Warehouse("Main", "MAIN");
        var store = await Database.InsertAsync(new Store("Main", "MAIN", warehouse));
        var first = await Database.InsertAsync(new Integration("First", "PrestaShop", "https://one.example", store.Id, DateTime.UtcNow));
        var second = await Database.InsertAsync(new Integration("Second", "PrestaShop", "https://two.example", store.Id, DateTime.UtcNow));
        var product = await Database.InsertAsync(new Product(new ProductDetails("SKU-1", "Widget", null, null, 1, 1, true), DateTime.UtcNow));
        var unlinked = await Database.InsertAsync(new Product(new ProductDetails("SKU-2", "Gadget", null, null, 1, 1, true), DateTime.UtcNow));
        await Database.InsertAsync(
            new ExternalLink(first.Id, ExternalLinkKind.Product, "1-0", product.Id, DateTime.UtcNow),
            new ExternalLink(second.Id, ExternalLinkKind.Product, "5-0", product.Id, DateTime.UtcNow));
        return (product, warehouse, first, second, unlinked);
    }

    private Task<int> PendingAsync() => Database.QueryAsync(db => db.StockExportRequests.CountAsync(r => r.Version > r.HandledVersion));

    private Task MarkHandledAsync() => Database.QueryAsync(async db =>
    {
        foreach (var request in await db.StockExportRequests.ToListAsync()) request.Exported(request.Version, 0, DateTime.UtcNow);
        return await db.SaveChangesAsync();
    });

    private ConnectDbContext WithSignal(StockExportSignal signal)
    {
        var plain = Database.CreateContext();
        var connection = plain.Database.GetDbConnection().ConnectionString;
        var interceptor = new StockExportSignalInterceptor(signal);
        return plain is SqliteConnectDbContext
            ? new SqliteConnectDbContext(new DbContextOptionsBuilder<SqliteConnectDbContext>().UseSqlite(connection).AddInterceptors(interceptor).Options)
            : new SqlServerConnectDbContext(new DbContextOptionsBuilder<SqlServerConnectDbContext>().UseSqlServer(connection).AddInterceptors(interceptor).Options);
    }

    private static StockChange Change() => new(StockMovementReason.Receipt, "test", DateTime.UtcNow);

    private static Order NewOrder(int storeId, int productId) =>
        new(new OrderDraft(storeId, null, "500", null, new OrderCustomer("C", null, null),
            new ShippingAddress("C", null, null, null, null, "Paris", null, "FR", null), null, null, null, "EUR",
            new OrderTotals(1, 0, 0, 1), DateTime.UtcNow, [new OrderLineDraft(productId, "SKU-1", "Widget", 2, 1m)]), DateTime.UtcNow);
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteStockExportQueueTests(SqliteDatabaseFixture database) : StockExportQueueTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerStockExportQueueTests(SqlServerDatabaseFixture database) : StockExportQueueTests(database);
