using Connect.Domain.Feeds;
using Connect.Domain.Integrations;
using Connect.Domain.Orders;
using Connect.Domain.Inventory;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Feeds;
using Connect.PrestaShop.Simulator;
using Connect.Infrastructure.Tests.Catalog;
using Connect.Testing;
using Microsoft.EntityFrameworkCore;
using static Connect.Domain.Integrations.OrderImportAction;

namespace Connect.Infrastructure.Tests.Orders;

/// <summary>
/// The order feeds against the simulated demo shop and a real database. Demo orders: 1 (state 6 Canceled: 1-1 x1, 2-9 x1),
/// 2 (state 1 Awaiting check: 4-18 x2, 8-0 x1), 3 (state 8 Payment error: 16-28 x1), 4 (state 1: 16-29 x1),
/// 5 (state 10 Awaiting bank wire: 10-25 x1); all with carrier 2 "My carrier" (reference 2).
/// </summary>
public abstract class OrderFeedTests(DatabaseFixture database) : DatabaseTest(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, (OrderImportAction, bool)> EveryAction() => new()
    {
        ["6"] = (ImportAndCancel, false), ["1"] = (ImportAsValid, false), ["8"] = (ImportAsHistory, false), ["10"] = (ImportAndHold, false),
    };

    [Fact]
    public async Task Each_rule_action_imports_the_order_with_its_status_reservations_and_preparation_state()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, EveryAction());
        await kit.Catalog.RunAsync(kit.Client, kit.Run(), Ct);
        await kit.SetOnHandAsync("4-18", 1);
        await kit.SetOnHandAsync("16-29", 3);
        await kit.SetOnHandAsync("10-25", 1);
        await kit.SetOnHandAsync("1-1", 4);

        var run = kit.Run();
        var counts = await kit.ImportNew.RunAsync(kit.Client, run, Ct);

        counts.ShouldBe(new FeedCounts(5, 5, 0, 0, 0));
        run.Checkpoint.ShouldBe("5");
        var cancelled = (await kit.OrderAsync(1))!;
        cancelled.Status.ShouldBe(OrderStatus.Cancelled);
        cancelled.Lines.Sum(l => l.QuantityReserved).ShouldBe(0);
        var partial = (await kit.OrderAsync(2))!;
        (partial.Status, partial.PreparationState).ShouldBe((OrderStatus.Valid, PreparationState.Partial));
        partial.Lines.Single(l => l.Sku == "demo_5").QuantityReserved.ShouldBe(1);
        var history = (await kit.OrderAsync(3))!;
        history.Status.ShouldBe(OrderStatus.History);
        history.Lines.Sum(l => l.QuantityReserved).ShouldBe(0);
        var inStock = (await kit.OrderAsync(4))!;
        (inStock.Status, inStock.PreparationState).ShouldBe((OrderStatus.Valid, PreparationState.InStock));
        var held = (await kit.OrderAsync(5))!;
        (held.Status, held.PreparationState).ShouldBe((OrderStatus.OnHold, PreparationState.OnHold));
        held.Lines.Single().QuantityReserved.ShouldBe(1);
        (await kit.StockAsync("1-1"))!.Reserved.ShouldBe(0); // the cancelled order reserved nothing
        (await kit.StockAsync("16-29"))!.Reserved.ShouldBe(1);
        (await kit.StockAsync("4-18"))!.Reserved.ShouldBe(1);
        (await Database.QueryAsync(db => db.StockMovements.CountAsync(m => m.Reason == StockMovementReason.Reservation, Ct))).ShouldBe(3);
        run.Log.Count(l => l.Message.StartsWith("Imported order", StringComparison.Ordinal)).ShouldBe(5);
    }

    [Fact]
    public async Task An_imported_order_carries_the_shop_data_and_its_mapped_methods()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid());

        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);

        var order = (await kit.OrderAsync(2))!;
        var shop = kit.Shop.State.Find("orders", 2)!;
        order.ExternalReference.ShouldBe(shop["reference"]);
        order.StoreId.ShouldBe(kit.StoreId);
        order.Currency.ShouldBe("EUR");
        order.ShippingMethodId.ShouldBe(kit.ShippingMethodId);
        order.PaymentMethodId.ShouldNotBeNull();
        order.PaymentLabel.ShouldBe(OrderTestKit.Check);
        order.Totals.Paid.ShouldBe(decimal.Parse(shop["total_paid"], System.Globalization.CultureInfo.InvariantCulture));
        order.Customer.Email.ShouldNotBeNullOrWhiteSpace();
        order.ShippingAddress.City.ShouldNotBeNullOrWhiteSpace();
        order.Lines.Select(l => (l.Sku, l.Quantity)).ShouldBe([("demo_5", 2), ("demo_13", 1)], ignoreOrder: true);
        order.Lines.ShouldAllBe(l => l.ProductId != null);
        order.PlacedAt.ShouldBe(DateTime.Parse(shop["date_add"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Products_unknown_to_Connect_are_imported_on_the_spot_with_their_combinations()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid());
        (await Database.QueryAsync(db => db.Products.CountAsync(Ct))).ShouldBe(0);

        var run = kit.Run();
        await kit.ImportNew.RunAsync(kit.Client, run, Ct);

        (await kit.OrderCountAsync()).ShouldBe(5);
        var links = await Database.QueryAsync(db => db.ExternalLinks.Where(l => l.Kind == ExternalLinkKind.Product).Select(l => l.ExternalId).ToListAsync(Ct));
        links.ShouldContain("1-1");
        links.ShouldContain("8-0");
        links.ShouldContain("1-2"); // a sibling combination comes with its product
        run.Log.ShouldContain(l => l.Message.Contains("for an order line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_order_whose_product_is_gone_from_the_shop_waits_naming_the_product()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid());
        lock (kit.Shop.State.Sync)
        {
            foreach (var c in kit.Shop.State.Table("combinations").Rows.Where(r => r.Int("id_product") == 10).ToList()) kit.Shop.State.Table("combinations").Remove(c.Id);
            kit.Shop.State.Table("products").Remove(10);
        }

        var run = kit.Run();
        var counts = await kit.ImportNew.RunAsync(kit.Client, run, Ct);

        (counts.Created, counts.Failed).ShouldBe((4, 1));
        (await kit.OrderAsync(5)).ShouldBeNull();
        var waiting = (await kit.WaitingAsync()).Single();
        waiting.ExternalNumber.ShouldBe("5");
        waiting.Reason.ShouldBe(WaitingReason.ImportFailed);
        waiting.Message.ShouldContain("Brown bear cushion");
        waiting.Message.ShouldContain("10-25");
        waiting.Lines.Single().Quantity.ShouldBe(1);
        run.Log.ShouldContain(l => l.Level == FeedLogLevel.Error && l.ExternalId == "5");
    }

    [Fact]
    public async Task Do_not_import_with_retry_parks_the_order_and_without_retry_skips_it_with_a_log_line()
    {
        var rules = new Dictionary<string, (OrderImportAction, bool)>
        {
            ["1"] = (DoNotImport, true), ["10"] = (DoNotImport, true), ["6"] = (DoNotImport, false), ["8"] = (DoNotImport, false),
        };
        await using var kit = await OrderTestKit.StartAsync(Database, rules);

        var run = kit.Run();
        var counts = await kit.ImportNew.RunAsync(kit.Client, run, Ct);

        (counts.Processed, counts.Created, counts.Skipped, counts.Failed).ShouldBe((5, 0, 5, 0));
        (await kit.OrderCountAsync()).ShouldBe(0);
        var waiting = await kit.WaitingAsync();
        waiting.Select(w => w.ExternalNumber).ShouldBe(["2", "4", "5"]);
        waiting.ShouldAllBe(w => w.Reason == WaitingReason.AwaitingStatus);
        waiting.Single(w => w.ExternalNumber == "2").Lines.Sum(l => l.Quantity).ShouldBe(3);
        run.Log.ShouldContain(l => l.ExternalId == "1" && l.Message.Contains("not imported", StringComparison.Ordinal));
        run.Log.ShouldContain(l => l.ExternalId == "3" && l.Message.Contains("not imported", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_state_without_a_rule_parks_the_order_with_the_fix()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, new Dictionary<string, (OrderImportAction, bool)> { ["1"] = (ImportAsValid, false) });

        var run = kit.Run();
        await kit.ImportNew.RunAsync(kit.Client, run, Ct);

        (await kit.OrderCountAsync()).ShouldBe(2);
        var waiting = await kit.WaitingAsync();
        waiting.Select(w => w.ExternalNumber).ShouldBe(["1", "3", "5"]);
        waiting.ShouldAllBe(w => w.Message.Contains("Configuration > Order import"));
        waiting[0].Message.ShouldContain("Choose an action for status 'Canceled'");
    }

    [Fact]
    public async Task A_parked_order_paid_in_the_shop_is_imported_by_Retry_and_leaves_the_waiting_list()
    {
        var rules = new Dictionary<string, (OrderImportAction, bool)> { ["1"] = (DoNotImport, true), ["2"] = (ImportAsValid, false) };
        await using var kit = await OrderTestKit.StartAsync(Database, rules);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        (await kit.WaitingAsync()).Count.ShouldBe(5); // 2 and 4 await their payment; 1, 3 and 5 have no rule

        var nothingYet = await kit.Retry.RunAsync(kit.Client, kit.Run(), Ct);
        nothingYet.Created.ShouldBe(0);
        kit.SetShopState(2, 2); // Payment accepted
        var retry = kit.Run();
        var counts = await kit.Retry.RunAsync(kit.Client, retry, Ct);

        counts.Created.ShouldBe(1);
        (await kit.OrderAsync(2))!.Status.ShouldBe(OrderStatus.Valid);
        var waiting = await kit.WaitingAsync();
        waiting.Select(w => w.ExternalNumber).ShouldBe(["1", "3", "4", "5"]);
        waiting.Single(w => w.ExternalNumber == "4").Attempts.ShouldBe(3);
    }

    [Fact]
    public async Task Retry_drops_a_waiting_order_whose_state_is_no_longer_retried_and_one_the_shop_deleted()
    {
        var rules = new Dictionary<string, (OrderImportAction, bool)>
        {
            ["1"] = (DoNotImport, true), ["10"] = (DoNotImport, true), ["6"] = (DoNotImport, false), ["8"] = (DoNotImport, false),
        };
        await using var kit = await OrderTestKit.StartAsync(Database, rules);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        kit.SetShopState(2, 6); // the customer never paid: cancelled
        lock (kit.Shop.State.Sync) kit.Shop.State.Table("orders").Remove(5);

        var run = kit.Run();
        await kit.Retry.RunAsync(kit.Client, run, Ct);

        (await kit.WaitingAsync()).Select(w => w.ExternalNumber).ShouldBe(["4"]);
        run.Log.ShouldContain(l => l.ExternalId == "2" && l.Message.Contains("no longer waiting", StringComparison.Ordinal));
        run.Log.ShouldContain(l => l.ExternalId == "5" && l.Level == FeedLogLevel.Warning);
    }

    [Fact]
    public async Task An_unmapped_carrier_parks_the_order_with_the_exact_fix_and_Retry_imports_it_once_mapped()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid(), mapCarriers: false);

        var first = await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);

        first.Failed.ShouldBe(5);
        var waiting = await kit.WaitingAsync();
        waiting.ShouldAllBe(w => w.Reason == WaitingReason.ImportFailed);
        waiting[0].Message.ShouldBe("Map carrier 'My carrier' (reference 2) in Configuration > Shipping method mapping; Retry will import the order.");
        waiting[0].Lines.ShouldAllBe(l => l.ProductId != null); // promised stock points at the products imported on the spot

        await kit.MapCarrierAsync("2", "My carrier");
        var retry = await kit.Retry.RunAsync(kit.Client, kit.Run(), Ct);

        retry.Created.ShouldBe(5);
        (await kit.WaitingAsync()).ShouldBeEmpty();
        (await kit.OrderCountAsync()).ShouldBe(5);
    }

    [Fact]
    public async Task An_unmapped_payment_parks_the_order_with_the_fix()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid());
        kit.SetShop("orders", 4, "payment", "Pay later");

        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);

        (await kit.WaitingAsync()).Single().Message.ShouldBe("Map payment 'Pay later' in Configuration > Payment mapping; Retry will import the order.");
    }

    [Fact]
    public async Task Split_orders_sharing_a_reference_are_two_orders()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid());
        var reference = kit.Shop.State.Find("orders", 2)!["reference"];
        var split = kit.AddShopOrder(2);

        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);

        var orders = await Database.QueryAsync(db => db.Orders.Where(o => o.ExternalReference == reference).Select(o => o.ExternalNumber).ToListAsync(Ct));
        orders.ShouldBe(["2", split.ToString(System.Globalization.CultureInfo.InvariantCulture)], ignoreOrder: true);
    }

    [Fact]
    public async Task A_crash_mid_run_then_a_rerun_imports_every_order_once()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid());
        var run = new RecordingFeedRun(kit.IntegrationId) { AfterCommit = c => { if (c == "2") kit.Shop.Faults.FailNext(1, 500); } };

        await Should.ThrowAsync<PrestaShopException>(() => kit.ImportNew.RunAsync(kit.Client, run, Ct));
        run.Checkpoint.ShouldBe("2");
        (await kit.OrderCountAsync()).ShouldBe(2);

        var resumed = kit.Run(run.Checkpoint);
        (await kit.ImportNew.RunAsync(kit.Client, resumed, Ct)).Created.ShouldBe(3);
        // A crash between a page's commit and its checkpoint redoes the page: here, everything from the start.
        var lostCheckpoint = await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);

        lostCheckpoint.Created.ShouldBe(0);
        (lostCheckpoint.Unchanged, lostCheckpoint.Skipped).ShouldBe((5, 0));
        (await kit.OrderCountAsync()).ShouldBe(5);
        (await Database.QueryAsync(db => db.ExternalLinks.CountAsync(l => l.Kind == ExternalLinkKind.Order, Ct))).ShouldBe(5);
    }

    [Fact]
    public async Task Two_engine_instances_running_at_once_import_each_order_once()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid());
        await kit.Catalog.RunAsync(kit.Client, kit.Run(), Ct);
        await kit.SetOnHandAsync("16-29", 5);
        for (var i = 0; i < 10; i++) kit.AddShopOrder(4);
        var clients = new CatalogTestKit.ShopClients(kit.Shop);
        var other = new ImportNewOrdersFeed(kit.NewIntake(), kit.Products, new OrderFeedOptions { OrderPageSize = 3 }, new CatalogFeedOptions(), clients);
        using var secondClient = CatalogTestKit.NewClient(kit.Shop);

        var both = await Task.WhenAll(kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct), other.RunAsync(secondClient, kit.Run(), Ct));

        both.Sum(c => c.Created).ShouldBe(15);
        (await kit.OrderCountAsync()).ShouldBe(15);
        (await kit.StockAsync("16-29"))!.Reserved.ShouldBe(5); // 11 orders want it, 5 on hand: never more reserved than on hand
    }

    [Fact]
    public async Task Update_orders_cancels_an_order_the_shop_cancelled_and_releases_its_reservations()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, EveryAction());
        await kit.Catalog.RunAsync(kit.Client, kit.Run(), Ct);
        await kit.SetOnHandAsync("4-18", 2);
        await kit.SetOnHandAsync("8-0", 1);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        (await kit.StockAsync("4-18"))!.Reserved.ShouldBe(2);
        var first = kit.Run();
        await kit.Update.RunAsync(kit.Client, first, Ct);
        kit.SetShopState(2, 6, DateTime.Now.AddMinutes(5));

        var run = first.Next();
        var counts = await kit.Update.RunAsync(kit.Client, run, Ct);

        counts.Updated.ShouldBe(1);
        var order = (await kit.OrderAsync(2))!;
        order.Status.ShouldBe(OrderStatus.Cancelled);
        order.Lines.Select(l => l.Quantity).ShouldBe([2, 1]); // lines are never rewritten
        (await kit.StockAsync("4-18"))!.Reserved.ShouldBe(0);
        (await kit.StockAsync("8-0"))!.Reserved.ShouldBe(0);
        run.Log.ShouldContain(l => l.ExternalId == "2" && l.Message.StartsWith("Cancelled order 2", StringComparison.Ordinal));
        (await kit.Update.RunAsync(kit.Client, run.Next(), Ct)).Updated.ShouldBe(0);
    }

    [Fact]
    public async Task Update_orders_cancels_on_a_cancel_rule_and_refuses_to_cancel_a_shipped_order()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, EveryAction());
        await kit.Catalog.RunAsync(kit.Client, kit.Run(), Ct);
        await kit.SetOnHandAsync("16-29", 1);
        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);
        await Database.QueryAsync(async db =>
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.ExternalNumber == "4", Ct);
            var stock = await db.StockLevels.SingleAsync(s => s.ProductId == order.Lines[0].ProductId, Ct);
            var (shipment, movements) = order.Ship([new ShipmentRequestLine(order.Lines[0].Id, 1)], "TRACK1", _ => stock,
                new StockChange(StockMovementReason.Shipment, "test", DateTime.UtcNow));
            db.StockMovements.AddRange(movements);
            return await db.SaveChangesAsync(Ct);
        });
        await kit.ChangeRuleAsync("7", ImportAndCancel, false);
        kit.SetShopState(4, 7, DateTime.Now.AddMinutes(5)); // refunded after shipping
        kit.SetShopState(5, 7, DateTime.Now.AddMinutes(5)); // the held order, refunded

        var run = kit.Run();
        var counts = await kit.Update.RunAsync(kit.Client, run, Ct);

        (counts.Updated, counts.Failed).ShouldBe((1, 1));
        (await kit.OrderAsync(4))!.Status.ShouldBe(OrderStatus.Shipped);
        (await kit.OrderAsync(5))!.Status.ShouldBe(OrderStatus.Cancelled);
        run.Log.ShouldContain(l => l.Level == FeedLogLevel.Warning && l.ExternalId == "4" && l.Message.Contains("was not cancelled", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.6")]
    [InlineData("1.7")]
    [InlineData("8")]
    [InlineData("9")]
    public async Task Every_version_profile_imports_the_demo_orders(string version)
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid(), new SimulatorOptions { Version = version });

        var counts = await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);

        counts.Created.ShouldBe(5);
        (await kit.OrderAsync(5))!.Lines.Single().ProductId.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_multistore_integration_imports_only_the_orders_of_its_shop()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid(), shopId: 1);
        kit.SetShop("orders", 3, "id_shop", "2");
        using var client = new PrestaShopClient(new PrestaShopClientOptions { BaseUrl = kit.Shop.BaseUrl.ToString(), ApiKey = kit.Shop.ApiKey, ShopId = 1, RetryCount = 0 });

        await kit.ImportNew.RunAsync(client, kit.Run(), Ct);

        (await kit.OrderCountAsync()).ShouldBe(4);
        (await kit.OrderAsync(3)).ShouldBeNull();
    }

    [Fact]
    public async Task Import_orders_from_id_skips_older_orders()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid());
        await Database.QueryAsync(async db =>
        {
            var integration = await db.Integrations.SingleAsync(i => i.Id == kit.IntegrationId, Ct);
            integration.ChangeSettings(integration.Settings with { ImportOrdersFromId = 4 });
            return await db.SaveChangesAsync(Ct);
        });

        await kit.ImportNew.RunAsync(kit.Client, kit.Run(), Ct);

        (await Database.QueryAsync(db => db.Orders.Select(o => o.ExternalNumber).OrderBy(n => n).ToListAsync(Ct))).ShouldBe(["4", "5"]);
    }

    [Fact]
    public async Task A_page_of_orders_is_read_with_a_handful_of_requests_never_one_per_order()
    {
        await using var kit = await OrderTestKit.StartAsync(Database, OrderTestKit.AllValid(), options: new OrderFeedOptions());
        await kit.Catalog.RunAsync(kit.Client, kit.Run(), Ct);
        for (var i = 0; i < 95; i++) kit.AddShopOrder(2 + i % 4);
        var counter = new CountingHandler { InnerHandler = new HttpClientHandler() };
        using var counting = new PrestaShopClient(new PrestaShopClientOptions { BaseUrl = kit.Shop.BaseUrl.ToString(), ApiKey = kit.Shop.ApiKey, RetryCount = 0 }, counter);

        await kit.ImportNew.RunAsync(counting, kit.Run(), Ct);

        (await kit.OrderCountAsync()).ShouldBe(100);
        // order states, the first and last order ids (the id windows read in parallel), one page of orders, then customers,
        // addresses, carriers and currencies by id sets, and one look for orders created during the run
        counter.Requests.ShouldBeLessThanOrEqualTo(9);
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _requests;
        public int Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteOrderFeedTests(SqliteDatabaseFixture database) : OrderFeedTests(database);

[Collection(SqlServerCollection.Name)]
public sealed class SqlServerOrderFeedTests(SqlServerDatabaseFixture database) : OrderFeedTests(database);
